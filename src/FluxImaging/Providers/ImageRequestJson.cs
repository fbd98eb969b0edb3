using System.Text.Json;
using System.Text.Json.Serialization;

namespace FluxImaging.Providers;

/// <summary>Writes parts of an <see cref="ImageRequest"/> into a provider's JSON body.</summary>
public static class ImageRequestJson
{
    /// <summary>
    /// Writes a value from <see cref="ImageRequest.AdditionalProperties"/>: a <see cref="JsonElement"/> as is; a string,
    /// boolean, number or string dictionary through a source-generated contract (no reflection).
    /// </summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    /// <exception cref="FluxImagingException">The value is of another type (kind <see cref="FluxImagingErrorKind.InvalidRequest"/>).</exception>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                var type = ExtraValuesJson.Default.GetTypeInfo(value.GetType()) ?? throw new FluxImagingException(
                    FluxImagingErrorKind.InvalidRequest,
                    $"An additional property of type {value.GetType().Name} cannot be sent; use a string, a boolean, a number or a JsonElement.");
                JsonSerializer.Serialize(writer, value, type);
                break;
        }
    }
}

[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class ExtraValuesJson : JsonSerializerContext;

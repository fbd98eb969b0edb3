using System.Text.Json;
using System.Text.Json.Serialization;

namespace FluxImaging;

/// <summary>
/// Writes a value from <see cref="ImageRequest.AdditionalProperties"/> into a JSON body: a <see cref="JsonElement"/> as
/// is, primitives through a source-generated contract (no reflection-based serialization).
/// </summary>
internal static class ExtraValueWriter
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), ExtraValuesJson.Default);
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

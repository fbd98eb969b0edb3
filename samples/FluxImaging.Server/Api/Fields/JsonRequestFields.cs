using System.Runtime.InteropServices;
using System.Text.Json;

namespace FluxImaging.Server.Api.Fields;

/// <summary>The fields of a JSON object; <c>null</c> counts as absent, and each value must have the JSON type its field needs.</summary>
internal sealed class JsonRequestFields(JsonElement root) : IRequestFields
{
    public string? String(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new RequestFieldException(name, $"'{name}' must be a string."),
    };

    /// <summary>
    /// The raw JSON is measured first: a string cannot have more characters than its encoded bytes, so a value within
    /// the limit is never refused, and an oversized one is refused without being decoded when even six bytes per
    /// character (<c>\uXXXX</c>) could not fit it.
    /// </summary>
    public string? BoundedString(string name, int maxLength)
    {
        if (Field(name) is { ValueKind: JsonValueKind.String } value)
        {
            var text = JsonMarshal.GetRawUtf8Value(value).Length - 2 <= 6L * maxLength ? value.GetString()! : null;
            return text is not null && text.Length <= maxLength
                ? text
                : throw new RequestFieldException(name, $"'{name}' is longer than {maxLength:N0} characters.", "string_above_max_length");
        }

        return String(name);
    }

    public bool? Bool(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new RequestFieldException(name, $"'{name}' must be true or false."),
    };

    public long? Long(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        _ => throw new RequestFieldException(name, $"'{name}' must be an integer."),
    };

    public int? Int(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        _ => throw new RequestFieldException(name, $"'{name}' must be an integer."),
    };

    public double? Double(string name) => Field(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value => value.GetDouble(),
        _ => throw new RequestFieldException(name, $"'{name}' must be a number."),
    };

    private JsonElement? Field(string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}

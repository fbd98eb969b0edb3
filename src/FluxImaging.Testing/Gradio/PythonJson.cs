using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// Writes JSON the way Python's <c>json.dumps</c> does by default (<c>", "</c> and <c>": "</c> separators, non-ASCII as
/// <c>\uXXXX</c>, floats with a fractional part), which is what Gradio's <c>/call</c> stream sends. Hand-written: no
/// serializer here produces that style.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var firstMember = true;
                foreach (var (key, value) in obj)
                {
                    if (!firstMember)
                    {
                        builder.Append(", ");
                    }

                    firstMember = false;
                    WriteString(builder, key);
                    builder.Append(": ");
                    Write(builder, value);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        if (value.TryGetValue<string>(out var text))
        {
            WriteString(builder, text);
        }
        else if (value.TryGetValue<bool>(out var flag))
        {
            builder.Append(flag ? "true" : "false");
        }
        else if (value.TryGetValue<double>(out var number) && value.GetValueKind() == JsonValueKind.Number && IsFloat(value))
        {
            var repr = number.ToString("R", CultureInfo.InvariantCulture);
            builder.Append(repr.Contains('.', StringComparison.Ordinal) || repr.Contains('E', StringComparison.Ordinal) ? repr : repr + ".0");
        }
        else
        {
            builder.Append(value.ToJsonString());
        }
    }

    private static bool IsFloat(JsonValue value) => value.TryGetValue<double>(out _) && !value.TryGetValue<long>(out _);

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < 0x20 || c > 0x7E)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}

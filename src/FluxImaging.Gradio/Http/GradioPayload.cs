using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FluxImaging.Gradio.Http;

/// <summary>Writes the JSON bodies Gradio expects, straight to bytes.</summary>
internal static class GradioPayload
{
    /// <summary><c>{"data":[…]}</c> for <c>POST /call/{api}</c> (no <c>session_hash</c>: 4.x/5.x would lose the result).</summary>
    public static HttpContent Call(IReadOnlyList<object?> data) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteData(writer, data);
        writer.WriteEndObject();
    });

    /// <summary>The body of <c>POST /queue/join</c>.</summary>
    public static HttpContent Join(IReadOnlyList<object?> data, int fnIndex, int? triggerId, string sessionHash) => Write(writer =>
    {
        writer.WriteStartObject();
        WriteData(writer, data);
        writer.WriteNull("event_data");
        writer.WriteNumber("fn_index", fnIndex);
        if (triggerId is { } trigger)
        {
            writer.WriteNumber("trigger_id", trigger);
        }
        else
        {
            writer.WriteNull("trigger_id");
        }

        writer.WriteString("session_hash", sessionHash);
        writer.WriteEndObject();
    });

    /// <summary>The body of <c>POST /cancel</c>.</summary>
    public static HttpContent Cancel(string eventId, string sessionHash, int fnIndex) => Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("event_id", eventId);
        writer.WriteString("session_hash", sessionHash);
        writer.WriteNumber("fn_index", fnIndex);
        writer.WriteEndObject();
    });

    private static void WriteData(Utf8JsonWriter writer, IReadOnlyList<object?> data)
    {
        writer.WriteStartArray("data");
        foreach (var value in data)
        {
            WriteValue(writer, value);
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case float number:
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case System.Text.Json.Nodes.JsonNode node:
                node.WriteTo(writer);
                break;
            case GradioFile file:
                file.WriteTo(writer);
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new FluxImagingException(
                    FluxImagingErrorKind.InvalidRequest,
                    $"A Gradio input of type {value.GetType().Name} cannot be sent; use a string, a boolean, a number, a JSON value, a GradioFile or a list of those.");
        }
    }

    private static ByteArrayContent Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

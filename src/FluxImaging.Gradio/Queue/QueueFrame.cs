using System.Text.Json;
using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio.Queue;

/// <summary>One message of a <c>/queue/data</c> stream, or a marker that a line could not be parsed.</summary>
internal readonly record struct QueueFrame(QueueMessage? Message, bool Malformed)
{
    /// <summary>The SSE item parser: <c>data: {json}</c> straight from the parser's span into a typed message.</summary>
    public static QueueFrame Parse(string eventType, ReadOnlySpan<byte> data)
    {
        try
        {
            return new QueueFrame(JsonSerializer.Deserialize(data, GradioJsonContext.Default.QueueMessage), Malformed: false);
        }
        catch (JsonException)
        {
            return new QueueFrame(null, Malformed: true);
        }
    }
}

using System.Net.ServerSentEvents;
using System.Text.Json;
using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio.Queue;

/// <summary>One message of a <c>/queue/data</c> stream, or a marker that a line could not be parsed.</summary>
internal readonly record struct QueueFrame(QueueMessage? Message, bool Malformed)
{
    /// <summary>The SSE item parser of one job's stream: <c>data: {json}</c> straight from the parser's span into a typed message.</summary>
    public static SseItemParser<QueueFrame> For(string eventId)
    {
        var reader = new QueueMessageReader(eventId);
        return (_, data) =>
        {
            try
            {
                return new QueueFrame(reader.Read(data), Malformed: false);
            }
            catch (JsonException)
            {
                return new QueueFrame(null, Malformed: true);
            }
        };
    }
}

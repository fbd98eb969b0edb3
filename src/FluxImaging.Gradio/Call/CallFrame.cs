using System.Text.Json;
using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio.Call;

/// <summary>One event of a <c>/call</c> result stream: its name and its JSON payload (parsed once, from the parser's span).</summary>
internal readonly record struct CallFrame(string Event, JsonElement Data, bool Malformed)
{
    public const string Generating = "generating";
    public const string Complete = "complete";
    public const string Error = "error";
    public const string Heartbeat = "heartbeat";

    /// <summary>The SSE item parser: events we act on are parsed; heartbeats and unknown events are not.</summary>
    public static CallFrame Parse(string eventType, ReadOnlySpan<byte> data)
    {
        if (eventType is not (Generating or Complete or Error))
        {
            return new CallFrame(eventType, default, Malformed: false);
        }

        try
        {
            return new CallFrame(eventType, JsonSerializer.Deserialize(data, GradioJsonContext.Default.JsonElement), Malformed: false);
        }
        catch (JsonException)
        {
            return new CallFrame(eventType, default, Malformed: true);
        }
    }
}

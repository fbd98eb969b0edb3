using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Benchmarks;

/// <summary>
/// Byte-exact upstream streams, written by the emulator's own message writers: a FLUX.1-dev <c>/queue/data</c> run
/// (estimation, process_starts, 28 progress, 28 previews — first full, then diffs — completed, close_stream, heartbeats)
/// and a FLUX.1-schnell <c>/call</c> result stream.
/// </summary>
internal static class RecordedStreams
{
    public const string EventId = "0123456789abcdef0123456789abcdef";
    public const string Host = "http://bench.local";
    public const int Steps = 28;

    public static byte[] FluxDevQueue()
    {
        using var stream = new MemoryStream();
        void Write(byte[] frame) => stream.Write(frame);

        Write(QueueMessageWriter.Estimation(EventId, 0, 1, null));
        Write(QueueMessageWriter.ProcessStarts(EventId, 21.73));
        Write(QueueMessageWriter.Heartbeat());
        JsonNode?[]? previous = null;
        for (var step = 1; step <= Steps; step++)
        {
            Write(QueueMessageWriter.Progress(EventId, step, Steps));
            JsonNode?[] outputs = [File(step), JsonValue.Create(1839201)];
            var data = previous is null
                ? new JsonArray([.. outputs.Select(o => o?.DeepClone())])
                : new JsonArray([.. outputs.Select((o, i) => (JsonNode)GradioDiff.Compute(previous[i], o))]);
            Write(QueueMessageWriter.Generating(EventId, data, withTimeLimit: true));
            previous = outputs;
            if (step % 10 == 0)
            {
                Write(QueueMessageWriter.Heartbeat());
            }
        }

        Write(QueueMessageWriter.Completed(EventId, new JsonArray(File(99), 1839201), withTitle: true));
        Write(QueueMessageWriter.CloseStream());
        return stream.ToArray();
    }

    public static byte[] FluxSchnellCall() => Encoding.UTF8.GetBytes(
        "event: heartbeat\ndata: null\n\nevent: heartbeat\ndata: null\n\n"
        + $"event: complete\ndata: {PythonJson.Dumps(new JsonArray(File(1), 1234567))}\n\n");

    /// <summary>The number of server-sent events in the FLUX.1-dev stream.</summary>
    public static int FluxDevQueueItems => 2 + 1 + (2 * Steps) + (Steps / 10) + 2;

    private static JsonObject File(int step)
    {
        var path = $"/tmp/gradio/{step:x40}/image.webp";
        return new JsonObject
        {
            ["path"] = path,
            ["url"] = $"{Host}/gradio_api/file={path}",
            ["size"] = null,
            ["orig_name"] = "image.webp",
            ["mime_type"] = null,
            ["is_stream"] = false,
            ["meta"] = new JsonObject { ["_type"] = "gradio.FileData" },
        };
    }
}

using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Gradio.Errors;
using FluxImaging.Gradio.Json;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio.Queue;

/// <summary>
/// Runs one job through Gradio's queue protocol (sse_v1…sse_v3): join with a fresh session, read the session's stream,
/// keep only our event's messages, rebuild generator outputs from diffs, and end on the terminal message. A job that did
/// not finish (caller cancelled, deadline, consumer stopped) is cancelled upstream on the way out.
/// </summary>
internal static partial class GradioQueueJob
{
    /// <summary>A fresh 32-hex session hash (one per job; sessions are never shared between requests).</summary>
    public static string NewSessionHash() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static async IAsyncEnumerable<GradioUpdate> RunAsync(
        GradioClient client,
        GradioApp app,
        GradioFunction function,
        IReadOnlyList<object?> data,
        IReadOnlyDictionary<string, string> joinHeaders,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var logger = client.Logger;
        var sessionHash = NewSessionHash();
        var eventId = await client.JoinAsync(app, function, data, sessionHash, joinHeaders, cancellationToken).ConfigureAwait(false);
        var finished = false;
        try
        {
            yield return new GradioUpdate(GradioUpdateKind.Submitted, app, eventId);

            JsonNode?[]? outputs = null;
            var previewsBroken = false;
            await foreach (var frame in client.ReadQueueAsync(app, sessionHash, eventId, cancellationToken).ConfigureAwait(false))
            {
                if (frame.Malformed)
                {
                    LogMalformed(logger, client.Name);
                    continue;
                }

                var message = frame.Message;
                if (message?.Msg is null || (message.EventId is not null && message.EventId != eventId))
                {
                    continue; // Another event of the session, a null payload, or no message at all.
                }

                switch (message.Msg)
                {
                    case "estimation":
                        yield return new GradioUpdate(GradioUpdateKind.Queued, app, eventId)
                        {
                            QueuePosition = message.Rank is { } rank ? rank + 1 : null,
                            QueueSize = message.QueueSize,
                            EstimatedTime = Seconds(message.RankEta),
                        };
                        break;
                    case "process_starts":
                        yield return new GradioUpdate(GradioUpdateKind.Started, app, eventId) { EstimatedTime = Seconds(message.Eta) };
                        break;
                    case "progress":
                        yield return new GradioUpdate(GradioUpdateKind.Progress, app, eventId) { Progress = message.ProgressData ?? [] };
                        break;
                    case "log":
                        yield return new GradioUpdate(GradioUpdateKind.Log, app, eventId)
                        {
                            Message = UpstreamText.Clean(message.Log),
                            Level = UpstreamText.Echo(message.Level),
                            Title = UpstreamText.Echo(message.Title),
                        };
                        break;
                    case "process_generating":
                        if (message.Success == false)
                        {
                            finished = true;
                            throw Failure(client.Name, message);
                        }

                        if (previewsBroken)
                        {
                            break;
                        }

                        var applied = TryApply(ref outputs, message.Output, logger, client.Name);
                        previewsBroken = !applied;
                        yield return new GradioUpdate(GradioUpdateKind.Generating, app, eventId) { Outputs = applied ? outputs : null };
                        break;
                    case "process_completed":
                        finished = true;
                        if (message.Success != true)
                        {
                            throw Failure(client.Name, message);
                        }

                        yield return new GradioUpdate(GradioUpdateKind.Completed, app, eventId) { Outputs = FullOutputs(message.Output, client.Name) };
                        yield break;
                    case "unexpected_error":
                        finished = true;
                        throw new FluxImagingException(
                            message.SessionNotFound == true || (message.Message?.StartsWith("404", StringComparison.Ordinal) ?? false) ? FluxImagingErrorKind.NotFound : FluxImagingErrorKind.UpstreamError,
                            $"The Space reported an unexpected error: {(UpstreamText.Clean(message.Message) is { Length: > 0 } text ? text : "no details")}",
                            client.Name);
                    case "close_stream":
                        throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The Space closed the event stream before the job completed.", client.Name);
                    default:
                        break; // heartbeat, process_streaming, and messages of later protocol versions.
                }
            }

            throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The Space's event stream ended before the job completed.", client.Name);
        }
        finally
        {
            if (!finished)
            {
                await client.CancelAsync(app, eventId, sessionHash, function.FnIndex).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The error a failed completion stands for: quota, invalid input, hidden error, …</summary>
    public static FluxImagingException Failure(string provider, QueueMessage message)
    {
        string? text = null;
        string? title = message.Title;
        if (message.Output.ValueKind == JsonValueKind.Object)
        {
            if (message.Output.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                text = error.GetString();
            }

            if (title is null && message.Output.TryGetProperty("title", out var outputTitle) && outputTitle.ValueKind == JsonValueKind.String)
            {
                title = outputTitle.GetString();
            }
        }

        return GradioErrors.Classify(
            provider,
            text,
            title,
            "The Space failed without saying why (it hides exception texts); the prompt or settings may be unsupported, or the Space is broken.");
    }

    private static TimeSpan? Seconds(double? seconds) => seconds is { } value && double.IsFinite(value) && value >= 0 ? TimeSpan.FromSeconds(value) : null;

    private static bool TryApply(ref JsonNode?[]? outputs, JsonElement output, ILogger logger, string provider)
    {
        if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            LogPreviewSkipped(logger, provider, "the message has no output data");
            return false;
        }

        try
        {
            if (outputs is null)
            {
                outputs = new JsonNode?[data.GetArrayLength()];
                var first = 0;
                foreach (var value in data.EnumerateArray())
                {
                    outputs[first++] = OutputDiff.ToNode(value);
                }

                return true;
            }

            // Edits apply in place: the state belongs to this job alone and is read before the next message; after a
            // failed edit previews stop for the job, so a half-applied state is never read.
            var index = 0;
            foreach (var value in data.EnumerateArray())
            {
                if (index < outputs.Length)
                {
                    outputs[index] = value.ValueKind == JsonValueKind.Array ? OutputDiff.Apply(outputs[index], value) : OutputDiff.ToNode(value);
                }

                index++;
            }

            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or JsonException)
        {
            LogPreviewSkipped(logger, provider, UpstreamText.Clean(ex.Message));
            return false;
        }
    }

    private static JsonNode?[] FullOutputs(JsonElement output, string provider)
    {
        if (output.ValueKind == JsonValueKind.Object && output.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            return data.EnumerateArray().Select(OutputDiff.ToNode).ToArray();
        }

        // A cancelled job completes with an empty output.
        throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The Space completed the job without output data (was it cancelled?).", provider);
    }

    [LoggerMessage(111, LogLevel.Warning, "{Provider}: skipped a queue message that is not valid JSON.")]
    private static partial void LogMalformed(ILogger logger, string provider);

    [LoggerMessage(112, LogLevel.Warning, "{Provider}: a preview could not be rebuilt ({Reason}); further previews of this job are skipped, the final image is unaffected.")]
    private static partial void LogPreviewSkipped(ILogger logger, string provider, string reason);
}

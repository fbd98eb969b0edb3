using System.Runtime.CompilerServices;
using System.Text.Json;
using FluxImaging.Gradio.Errors;
using FluxImaging.Gradio.Queue;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio.Call;

/// <summary>
/// Runs one job through Gradio's simple <c>/call</c> API: submit, then read the result stream once to its terminal
/// event. There is no re-GET: a consumed event id only yields heartbeats, so a stream that ends early is an error.
/// </summary>
internal static partial class GradioCallJob
{
    public const string HiddenError = "The Space reported an error; its /call API does not expose details before Gradio 6.13 (quota, invalid input or a crash). The queue protocol carries them.";

    public static async IAsyncEnumerable<GradioUpdate> RunAsync(
        GradioClient client,
        GradioApp app,
        string apiName,
        IReadOnlyList<object?> data,
        IReadOnlyDictionary<string, string> headers,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var eventId = await client.SubmitCallAsync(app, apiName, data, headers, cancellationToken).ConfigureAwait(false);
        if (eventId is null)
        {
            // /config was unreadable and the assumed layout has no such route: try the other layout once.
            app = app.WithOtherLayout();
            eventId = await client.SubmitCallAsync(app, apiName, data, headers, cancellationToken).ConfigureAwait(false)
                ?? throw new FluxImagingException(
                    FluxImagingErrorKind.NotFound,
                    $"The Space has no /call/{apiName} route in either the Gradio 4 or the Gradio 5 layout.",
                    client.Name,
                    404);
            client.Remember(app);
        }

        yield return new GradioUpdate(GradioUpdateKind.Submitted, app, eventId);

        await foreach (var frame in client.ReadCallAsync(app, apiName, eventId, cancellationToken).ConfigureAwait(false))
        {
            switch (frame.Event)
            {
                case CallFrame.Generating when frame.Malformed || frame.Data.ValueKind != JsonValueKind.Array:
                    LogMalformed(client.Logger, client.Name, frame.Event);
                    break;
                case CallFrame.Generating:
                    yield return new GradioUpdate(GradioUpdateKind.Generating, app, eventId) { Outputs = [.. frame.Data.EnumerateArray().Select(OutputDiff.ToNode)] };
                    break;
                case CallFrame.Complete when frame.Malformed || frame.Data.ValueKind != JsonValueKind.Array:
                    throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The Space's complete event does not carry an output list.", client.Name);
                case CallFrame.Complete:
                    yield return new GradioUpdate(GradioUpdateKind.Completed, app, eventId) { Outputs = [.. frame.Data.EnumerateArray().Select(OutputDiff.ToNode)] };
                    yield break;
                case CallFrame.Error:
                    throw ErrorOf(client.Name, frame);
                default:
                    break; // heartbeat (its bytes already reset the idle timer) and unknown events.
            }
        }

        throw new FluxImagingException(
            FluxImagingErrorKind.ProtocolViolation,
            "The Space's result stream ended without a complete or error event.",
            client.Name);
    }

    /// <summary>
    /// An <c>error</c> event: <c>null</c> on 4.x/5.x (the text is lost server-side), a string for unexpected errors
    /// (<c>"404: Not Found"</c> for an unknown event id), or an object with <c>error</c> and <c>title</c> on 6.x.
    /// </summary>
    private static FluxImagingException ErrorOf(string provider, CallFrame frame)
    {
        var data = frame.Data;
        return data.ValueKind switch
        {
            JsonValueKind.String => GradioErrors.Classify(provider, data.GetString(), null, HiddenError),
            JsonValueKind.Object => GradioErrors.Classify(
                provider,
                data.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null,
                data.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null,
                HiddenError),
            _ => GradioErrors.Classify(provider, null, null, HiddenError),
        };
    }

    [LoggerMessage(121, LogLevel.Warning, "{Provider}: skipped a '{Event}' event whose data is not valid JSON.")]
    private static partial void LogMalformed(ILogger logger, string provider, string @event);
}

using System.Runtime.CompilerServices;
using System.Text.Json;
using FluxImaging.Gradio.Config;
using FluxImaging.Gradio.Errors;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio.Call;

/// <summary>
/// Runs one job through Gradio's simple <c>/call</c> API: submit, then read the result stream once to its terminal
/// event. There is no re-GET: a consumed event id only yields heartbeats, so a stream that ends early is an error.
/// </summary>
internal static partial class GradioCallJob
{
    /// <param name="client">The Space's client.</param>
    /// <param name="apiName">The function's api_name, e.g. <c>infer</c>.</param>
    /// <param name="buildInputs">Builds the positional inputs once the app (and its advertised ranges) is known.</param>
    /// <param name="hiddenError">The message for an <c>error</c> event whose payload is null (4.x/5.x lose the text).</param>
    /// <param name="logger">Where skipped events are reported.</param>
    /// <param name="cancellationToken">Cancels the job.</param>
    public static async IAsyncEnumerable<CallUpdate> RunAsync(
        GradioClient client,
        string apiName,
        Func<GradioApp, IReadOnlyList<object?>> buildInputs,
        string hiddenError,
        ILogger logger,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var app = await client.GetAppAsync(cancellationToken).ConfigureAwait(false);
        var eventId = await client.SubmitCallAsync(app, apiName, buildInputs(app), cancellationToken).ConfigureAwait(false);
        if (eventId is null)
        {
            // /config was unreadable and the assumed layout has no such route: try the other layout once.
            app = app.WithOtherLayout();
            eventId = await client.SubmitCallAsync(app, apiName, buildInputs(app), cancellationToken).ConfigureAwait(false)
                ?? throw new FluxImagingException(
                    FluxImagingErrorKind.NotFound,
                    $"The Space has no /call/{apiName} route in either the Gradio 4 or the Gradio 5 layout.",
                    client.Provider,
                    404);
            client.Remember(app);
        }

        yield return new CallUpdate(CallUpdateKind.Submitted, app, eventId, default);

        await foreach (var frame in client.ReadCallAsync(app, apiName, eventId, cancellationToken).ConfigureAwait(false))
        {
            switch (frame.Event)
            {
                case CallFrame.Generating when frame.Malformed:
                    LogMalformed(logger, client.Provider, frame.Event);
                    break;
                case CallFrame.Generating:
                    yield return new CallUpdate(CallUpdateKind.Generating, app, eventId, frame.Data);
                    break;
                case CallFrame.Complete when frame.Malformed || frame.Data.ValueKind != JsonValueKind.Array:
                    throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The Space's complete event does not carry an output list.", client.Provider);
                case CallFrame.Complete:
                    yield return new CallUpdate(CallUpdateKind.Complete, app, eventId, frame.Data);
                    yield break;
                case CallFrame.Error:
                    throw ErrorOf(client.Provider, frame, hiddenError);
                default:
                    break; // heartbeat (its bytes already reset the idle timer) and unknown events.
            }
        }

        throw new FluxImagingException(
            FluxImagingErrorKind.ProtocolViolation,
            "The Space's result stream ended without a complete or error event.",
            client.Provider);
    }

    /// <summary>
    /// An <c>error</c> event: <c>null</c> on 4.x/5.x (the text is lost server-side), a string for unexpected errors
    /// (<c>"404: Not Found"</c> for an unknown event id), or an object with <c>error</c> and <c>title</c> on 6.x.
    /// </summary>
    private static FluxImagingException ErrorOf(string provider, CallFrame frame, string hiddenError)
    {
        var data = frame.Data;
        return data.ValueKind switch
        {
            JsonValueKind.String => GradioErrors.Classify(provider, data.GetString(), null, hiddenError),
            JsonValueKind.Object => GradioErrors.Classify(
                provider,
                data.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null,
                data.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null,
                hiddenError),
            _ => GradioErrors.Classify(provider, null, null, hiddenError),
        };
    }

    [LoggerMessage(121, LogLevel.Warning, "{Provider}: skipped a '{Event}' event whose data is not valid JSON.")]
    private static partial void LogMalformed(ILogger logger, string provider, string @event);
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluxImaging.Gradio.Call;
using FluxImaging.Gradio.Config;
using FluxImaging.Gradio.Files;
using FluxImaging.Gradio.Http;
using FluxImaging.Gradio.Json;
using FluxImaging.Gradio.Queue;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio;

/// <summary>
/// A Gradio client for one app (Space), usable by any provider: discovers and caches <c>/config</c>, submits to the
/// <c>/call</c> API or joins the queue, reads either event stream with the framework's SSE parser under the idle timeout
/// and an event-size cap, cancels queue jobs, and turns FileData into downloadable images. Thread-safe.
/// </summary>
internal sealed partial class GradioClient
{
    private static readonly TimeSpan FallbackCacheDuration = TimeSpan.FromMinutes(1);

    private readonly ProviderRuntime _runtime;
    private readonly Uri _endpoint;
    private readonly string _fallbackPrefix;
    private readonly TimeSpan _configCacheDuration;
    private readonly long _maxEventBytes;
    private readonly Lock _gate = new();
    private (Task<GradioApp> App, long ExpiresAt)? _cached;

    public GradioClient(ProviderRuntime runtime, GradioProviderOptions options)
    {
        _runtime = runtime;
        _endpoint = options.Endpoint;
        _fallbackPrefix = options.ApiPrefix;
        _configCacheDuration = options.ConfigCacheDuration;
        _maxEventBytes = options.MaxEventBytes;
    }

    public string Provider => _runtime.Name;

    /// <summary>
    /// The app as <c>/config</c> describes it, cached for the configured duration; when <c>/config</c> cannot be read, the
    /// configured layout (cached briefly, so that a down <c>/config</c> does not cost every request a round trip).
    /// </summary>
    public Task<GradioApp> GetAppAsync(CancellationToken cancellationToken)
    {
        Task<GradioApp> task;
        lock (_gate)
        {
            var now = _runtime.TimeProvider.GetTimestamp();
            if (_cached is { } cached && now < cached.ExpiresAt && !cached.App.IsFaulted && !cached.App.IsCanceled)
            {
                task = cached.App;
            }
            else
            {
                // One discovery for all concurrent callers; it is bounded by the client's own timeouts, not by one caller's token.
                task = DiscoverAsync();
                _cached = (task, now + (long)(_configCacheDuration.TotalSeconds * _runtime.TimeProvider.TimestampFrequency));
            }
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Remembers a layout learned the hard way (a 404 on the assumed one) until the next discovery.</summary>
    public void Remember(GradioApp app)
    {
        lock (_gate)
        {
            _cached = (Task.FromResult(app), _runtime.TimeProvider.GetTimestamp() + (long)(FallbackCacheDuration.TotalSeconds * _runtime.TimeProvider.TimestampFrequency));
        }
    }

    /// <summary>Forgets the cached app, e.g. after an error that suggests the Space changed.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _cached = null;
        }
    }

    /// <summary><c>POST {prefix}/call/{api}</c>; returns the event id, or null when the route does not exist (404).</summary>
    public async Task<string?> SubmitCallAsync(GradioApp app, string apiName, IReadOnlyList<object?> data, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri($"/call/{apiName}")) { Content = GradioPayload.Call(data) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _runtime.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && !app.Discovered)
        {
            return null;
        }

        return await ReadEventIdAsync(response, $"POST {app.Prefix}/call/{apiName}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/call/{api}/{event_id}</c> as a stream of frames; heartbeats included (they only matter as bytes).</summary>
    public IAsyncEnumerable<CallFrame> ReadCallAsync(GradioApp app, string apiName, string eventId, CancellationToken cancellationToken) =>
        ReadEventsAsync(app.ApiUri($"/call/{apiName}/{eventId}"), $"GET {app.Prefix}/call/{apiName}/…", CallFrame.Parse, cancellationToken);

    /// <summary><c>POST {prefix}/queue/join</c> with optional extra headers (sent on this request only); returns the event id.</summary>
    public async Task<string> JoinAsync(
        GradioApp app,
        GradioFunction function,
        IReadOnlyList<object?> data,
        string sessionHash,
        IEnumerable<KeyValuePair<string, string>> headers,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri("/queue/join"))
        {
            Content = GradioPayload.Join(data, function.FnIndex, function.TriggerId, sessionHash),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _runtime.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            // Gradio answers a stale fn_index with a 500 (KeyError): rediscover next time.
            Invalidate();
        }

        return (await ReadEventIdAsync(response, $"POST {app.Prefix}/queue/join", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary><c>GET {prefix}/queue/data?session_hash=…</c> as a stream of frames (all events of the session).</summary>
    public IAsyncEnumerable<QueueFrame> ReadQueueAsync(GradioApp app, string sessionHash, CancellationToken cancellationToken) =>
        ReadEventsAsync(app.ApiUri($"/queue/data?session_hash={Uri.EscapeDataString(sessionHash)}"), $"GET {app.Prefix}/queue/data", QueueFrame.Parse, cancellationToken);

    /// <summary>Best-effort <c>POST {prefix}/cancel</c> (and <c>/reset</c>), bounded by the attempt timeout and never throwing.</summary>
    public async Task CancelAsync(GradioApp app, string eventId, string sessionHash, int fnIndex)
    {
        using var timeout = new CancellationTokenSource(_runtime.Timeouts.Attempt);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri("/cancel")) { Content = GradioPayload.Cancel(eventId, sessionHash, fnIndex) };
            using var response = await _runtime.CreateClient().SendAsync(request, timeout.Token).ConfigureAwait(false);
            LogCancelled(_runtime.Logger, Provider, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or FluxImagingException or Polly.Timeout.TimeoutRejectedException)
        {
            LogCancelFailed(_runtime.Logger, Provider, ex.Message);
        }
    }

    /// <summary>The image a FileData value stands for, downloadable through this provider's client; null when the value is no file.</summary>
    public GeneratedImage? Image(GradioApp app, JsonElement value) =>
        FileData.TryRead(value, out var file) ? Image(app, file) : null;

    /// <summary>The image a rebuilt generator output stands for; null when it is no file.</summary>
    public GeneratedImage? Image(GradioApp app, System.Text.Json.Nodes.JsonNode? value) =>
        FileData.TryRead(value, out var file) ? Image(app, file) : null;

    private GeneratedImage? Image(GradioApp app, FileData file) =>
        file.Resolve(app) is { } uri ? _runtime.Image(uri, file.MimeType, file.OriginalName) : null;

    private async Task<GradioApp> DiscoverAsync()
    {
        using var timeout = new CancellationTokenSource(_runtime.Timeouts.Attempt * 2);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{_endpoint.AbsoluteUri.TrimEnd('/')}/config"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _runtime.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var config = await JsonSerializer.DeserializeAsync(stream, GradioJsonContext.Default.ConfigDocument, timeout.Token).ConfigureAwait(false);
                    if (config is not null)
                    {
                        var app = GradioApp.FromConfig(_endpoint, config);
                        LogDiscovered(_runtime.Logger, Provider, app.Version ?? "?", app.Prefix.Length == 0 ? "(root)" : app.Prefix);
                        return app;
                    }
                }
            }

            LogConfigUnavailable(_runtime.Logger, Provider, $"HTTP {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}", _fallbackPrefix);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or IOException or FluxImagingException or Polly.Timeout.TimeoutRejectedException)
        {
            LogConfigUnavailable(_runtime.Logger, Provider, ex.Message, _fallbackPrefix);
        }

        var assumed = GradioApp.Assumed(_endpoint, _fallbackPrefix);
        Remember(assumed);
        return assumed;
    }

    private async Task<string?> ReadEventIdAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var failure = await _runtime.FailureAsync(response, operation, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                throw failure;
            }

            // A full queue is a back-off signal (rate limited); any other 503 means the Space is stopped or starting.
            var queueFull = failure.Message.Contains("Queue is full", StringComparison.OrdinalIgnoreCase);
            throw new FluxImagingException(
                queueFull ? FluxImagingErrorKind.RateLimited : FluxImagingErrorKind.UpstreamUnavailable,
                $"The Space is busy: {failure.Message}",
                Provider,
                503,
                failure.RetryAfter ?? TimeSpan.FromSeconds(5));
        }

        EventIdDocument? document;
        try
        {
            document = await response.Content.ReadFromJsonAsync(GradioJsonContext.Default.EventIdDocument, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.ProtocolViolation,
                $"{operation} answered {response.Content.Headers.ContentType?.MediaType ?? "a body"} that is not the expected JSON with an event_id.",
                Provider,
                (int)response.StatusCode,
                innerException: ex);
        }

        return string.IsNullOrWhiteSpace(document?.EventId)
            ? throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"{operation} answered without an event_id.", Provider, (int)response.StatusCode)
            : document.EventId;
    }

    private async IAsyncEnumerable<T> ReadEventsAsync<T>(
        Uri uri,
        string operation,
        SseItemParser<T> parse,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Options.Set(FluxImaging.Http.ProviderPipeline.DoNotRetry, true);

        using var response = await _runtime.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await _runtime.FailureAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw await _runtime.FailureAsync(response, operation, cancellationToken, insteadOf: "an event stream").ConfigureAwait(false);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var guarded = new EventSizeLimitStream(_runtime.GuardIdle(body, cancellationToken), _maxEventBytes, Provider);
        await using (guarded.ConfigureAwait(false))
        {
            var items = SseParser.Create(guarded, parse).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (items.ConfigureAwait(false))
            {
                while (await MoveNextAsync(items, operation, cancellationToken).ConfigureAwait(false))
                {
                    yield return items.Current.Data;
                }
            }
        }
    }

    // A reset or truncated body before the terminal event is the upstream's fault, not a transport hiccup to retry.
    private async ValueTask<bool> MoveNextAsync<T>(IAsyncEnumerator<SseItem<T>> items, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.ProtocolViolation,
                $"The event stream of {operation} broke off before a result ({ex.Message}).",
                Provider,
                innerException: ex);
        }
    }

    [LoggerMessage(101, LogLevel.Information, "{Provider}: Gradio {Version} app discovered, API prefix {Prefix}.")]
    private static partial void LogDiscovered(ILogger logger, string provider, string version, string prefix);

    [LoggerMessage(102, LogLevel.Warning, "{Provider}: /config could not be read ({Reason}); assuming API prefix '{Prefix}'.")]
    private static partial void LogConfigUnavailable(ILogger logger, string provider, string reason, string prefix);

    [LoggerMessage(103, LogLevel.Information, "{Provider}: cancel sent to the Space (HTTP {Status}).")]
    private static partial void LogCancelled(ILogger logger, string provider, int status);

    [LoggerMessage(104, LogLevel.Warning, "{Provider}: the Space's cancel endpoint could not be reached: {Reason}")]
    private static partial void LogCancelFailed(ILogger logger, string provider, string reason);
}

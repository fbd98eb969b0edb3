using System.Net;
using System.Net.Http.Headers;
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

    private readonly UpstreamHttp _http;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly string _fallbackPrefix;
    private readonly TimeSpan _configCacheDuration;
    private readonly long _maxConfigBytes;
    private readonly Lock _gate = new();
    private (Task<GradioApp> App, long ExpiresAt)? _cached;

    public GradioClient(UpstreamHttp http, GradioProviderOptions options, ILogger logger)
    {
        _http = http;
        _logger = logger;
        _endpoint = options.Endpoint;
        _fallbackPrefix = options.ApiPrefix;
        _configCacheDuration = options.ConfigCacheDuration;
        _maxConfigBytes = options.MaxConfigBytes;
    }

    public string Provider => _http.Name;

    public ILogger Logger => _logger;

    public UpstreamHttp Http => _http;

    /// <summary>
    /// The app as <c>/config</c> describes it, cached for the configured duration; when <c>/config</c> cannot be read, the
    /// configured layout (cached briefly, so that a down <c>/config</c> does not cost every request a round trip).
    /// </summary>
    public Task<GradioApp> GetAppAsync(CancellationToken cancellationToken)
    {
        Task<GradioApp> task;
        lock (_gate)
        {
            var now = _http.TimeProvider.GetTimestamp();
            if (_cached is { } cached && now < cached.ExpiresAt && !cached.App.IsFaulted && !cached.App.IsCanceled)
            {
                task = cached.App;
            }
            else
            {
                // One discovery for all concurrent callers; it is bounded by the client's own timeouts, not by one caller's token.
                task = DiscoverAsync();
                _cached = (task, now + (long)(_configCacheDuration.TotalSeconds * _http.TimeProvider.TimestampFrequency));
            }
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Remembers a layout learned the hard way (a 404 on the assumed one) until the next discovery.</summary>
    public void Remember(GradioApp app)
    {
        lock (_gate)
        {
            _cached = (Task.FromResult(app), _http.TimeProvider.GetTimestamp() + (long)(FallbackCacheDuration.TotalSeconds * _http.TimeProvider.TimestampFrequency));
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
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && !app.Discovered)
        {
            return null;
        }

        return await ReadEventIdAsync(response, $"POST {app.Prefix}/call/{apiName}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/call/{api}/{event_id}</c> as a stream of frames; heartbeats included (they only matter as bytes).</summary>
    public IAsyncEnumerable<CallFrame> ReadCallAsync(GradioApp app, string apiName, string eventId, CancellationToken cancellationToken) =>
        _http.StreamEventsAsync(new HttpRequestMessage(HttpMethod.Get, app.ApiUri($"/call/{apiName}/{eventId}")), CallFrame.Parse, $"GET {app.Prefix}/call/{apiName}/…", cancellationToken);

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

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            // Gradio answers a stale fn_index with a 500 (KeyError): rediscover next time.
            Invalidate();
        }

        return (await ReadEventIdAsync(response, $"POST {app.Prefix}/queue/join", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary><c>GET {prefix}/queue/data?session_hash=…</c> as a stream of frames (all events of the session).</summary>
    public IAsyncEnumerable<QueueFrame> ReadQueueAsync(GradioApp app, string sessionHash, CancellationToken cancellationToken) =>
        _http.StreamEventsAsync(
            new HttpRequestMessage(HttpMethod.Get, app.ApiUri($"/queue/data?session_hash={Uri.EscapeDataString(sessionHash)}")),
            QueueFrame.Parse,
            $"GET {app.Prefix}/queue/data",
            cancellationToken);

    /// <summary>Best-effort <c>POST {prefix}/cancel</c> (and <c>/reset</c>), bounded by the attempt timeout and never throwing.</summary>
    public async Task CancelAsync(GradioApp app, string eventId, string sessionHash, int fnIndex)
    {
        using var timeout = new CancellationTokenSource(_http.Timeouts.Attempt, _http.TimeProvider);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri("/cancel")) { Content = GradioPayload.Cancel(eventId, sessionHash, fnIndex) };
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            LogCancelled(_logger, Provider, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or FluxImagingException or TimeoutException)
        {
            LogCancelFailed(_logger, Provider, UpstreamText.Clean(ex.Message));
        }
    }

    /// <summary>The image a FileData value stands for, downloadable through this provider's client; null when the value is no file.</summary>
    public GeneratedImage? Image(GradioApp app, JsonElement value) =>
        FileData.TryRead(value, out var file) ? Image(app, file) : null;

    /// <summary>The image a rebuilt generator output stands for; null when it is no file.</summary>
    public GeneratedImage? Image(GradioApp app, System.Text.Json.Nodes.JsonNode? value) =>
        FileData.TryRead(value, out var file) ? Image(app, file) : null;

    private GeneratedImage? Image(GradioApp app, FileData file) =>
        file.Resolve(app) is { } uri ? _http.Image(uri, file.MimeType, file.OriginalName) : null;

    private async Task<GradioApp> DiscoverAsync()
    {
        using var timeout = new CancellationTokenSource(_http.Timeouts.Attempt * 2, _http.TimeProvider);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{_endpoint.AbsoluteUri.TrimEnd('/')}/config"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                var config = await _http.ReadJsonAsync(response, GradioJsonContext.Default.ConfigDocument, "GET /config", _maxConfigBytes, "MaxConfigBytes", timeout.Token).ConfigureAwait(false);
                var app = GradioApp.FromConfig(_endpoint, config);
                LogDiscovered(_logger, Provider, UpstreamText.Echo(app.Version ?? "?"), app.Prefix.Length == 0 ? "(root)" : UpstreamText.Echo(app.Prefix));
                return app;
            }

            LogConfigUnavailable(_logger, Provider, $"HTTP {(int)response.StatusCode} {UpstreamText.Echo(response.Content.Headers.ContentType?.MediaType)}", _fallbackPrefix);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or TimeoutException
            or FluxImagingException { Kind: not FluxImagingErrorKind.ProtocolViolation })
        {
            // An unreachable or unready /config leaves the configured layout to try; one that is too large or not JSON
            // is not a Space to talk to by guesswork (the protocol error goes to the caller).
            LogConfigUnavailable(_logger, Provider, UpstreamText.Clean(ex.Message), _fallbackPrefix);
        }

        var assumed = GradioApp.Assumed(_endpoint, _fallbackPrefix);
        Remember(assumed);
        return assumed;
    }

    private async Task<string?> ReadEventIdAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var failure = await _http.FailureAsync(response, operation, cancellationToken: cancellationToken).ConfigureAwait(false);
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

        var document = await _http.ReadJsonAsync(response, GradioJsonContext.Default.EventIdDocument, operation, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(document.EventId)
            ? throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"{operation} answered without an event_id.", Provider, (int)response.StatusCode)
            : document.EventId;
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

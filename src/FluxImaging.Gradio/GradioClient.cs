using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using FluxImaging.Gradio.Call;
using FluxImaging.Gradio.Config;
using FluxImaging.Gradio.Http;
using FluxImaging.Gradio.Hub;
using FluxImaging.Gradio.Json;
using FluxImaging.Gradio.Queue;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FluxImaging.Gradio;

/// <summary>
/// A client for one Gradio app (a Hugging Face Space), the .NET counterpart of <c>gradio_client</c>: it discovers and
/// caches <c>/config</c>, submits jobs over the queue or the <c>/call</c> API and streams their updates (queue
/// position, progress, logs, generator outputs rebuilt from diffs, the result), cancels jobs that are abandoned, and
/// turns file outputs into downloadable images. Every read is bounded and every wait is timed (see
/// <see cref="UpstreamHttp"/>); failures are <see cref="FluxImagingException"/>s with a kind (quota, rate limit, …).
/// Thread-safe: share one per app.
/// </summary>
public sealed partial class GradioClient
{
    private static readonly TimeSpan FallbackCacheDuration = TimeSpan.FromMinutes(1);

    private readonly UpstreamHttp _http;
    private readonly GradioClientOptions _options;
    private readonly Lock _resolveLock = new();
    private Task<Uri>? _resolving;
    private readonly string _fallbackPrefix;
    private readonly TimeSpan _configCacheDuration;
    private readonly long _maxConfigBytes;
    private readonly long _maxInfoBytes;
    private readonly Lock _gate = new();
    private (Task<GradioApp> App, long ExpiresAt)? _cached;
    private (Task<GradioApp> App, Task<GradioApiInfo> Info)? _info;

    /// <summary>
    /// A client for the app at <see cref="ImageProviderOptions.Endpoint"/>, or for the Space <see cref="GradioClientOptions.Space"/>
    /// (where it runs is asked of the Hugging Face API on the first call), over <paramref name="http"/>.
    /// </summary>
    /// <param name="http">The HTTP helpers requests go through (a provider's or an upstream's <see cref="ImageProviderContext{TOptions}.Http"/>).</param>
    /// <param name="options">The app's settings: <c>Endpoint</c>, or <c>Space</c>.</param>
    /// <param name="logger">Where discovery and cancellation are logged; none when null.</param>
    public GradioClient(UpstreamHttp http, GradioClientOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoint is null ? string.IsNullOrWhiteSpace(options.Space) : options.Endpoint is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
        {
            throw new ArgumentException("The app's Endpoint must be an absolute http or https URL, or its Space an owner/name id.", nameof(options));
        }

        _http = http;
        _options = options;
        Logger = logger ?? NullLogger.Instance;
        _fallbackPrefix = options.ApiPrefix;
        _configCacheDuration = options.ConfigCacheDuration;
        _maxConfigBytes = options.MaxConfigBytes;
        _maxInfoBytes = options.MaxInfoBytes;
    }

    /// <summary>The app's base URL, where every API call goes; null until a client for a Space id has learnt it.</summary>
    public Uri? Endpoint => _options.Endpoint;

    /// <summary>The name errors carry (the provider's name).</summary>
    public string Name => _http.Name;

    internal ILogger Logger { get; }

    /// <summary>
    /// The app as <c>/config</c> describes it, cached for <see cref="GradioClientOptions.ConfigCacheDuration"/>; when
    /// <c>/config</c> cannot be read, the configured layout (<see cref="GradioApp.Discovered"/> false, cached briefly so
    /// that a down <c>/config</c> does not cost every request a round trip). One discovery serves all concurrent callers.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the discovery itself is bounded by the client's own timeouts).</param>
    /// <returns>The app.</returns>
    public Task<GradioApp> GetAppAsync(CancellationToken cancellationToken = default)
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
                task = DiscoverAsync();
                _cached = (task, now + (long)(_configCacheDuration.TotalSeconds * _http.TimeProvider.TimestampFrequency));
            }
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The app's public named endpoints as <c>/info</c> describes them (parameter names, defaults, components; slider
    /// ranges from <c>/config</c>), cached with the app. When <c>/info</c> cannot be read, what <c>/config</c> alone says
    /// (parameters named <c>param_{i}</c>).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The API.</returns>
    public async Task<GradioApiInfo> GetApiInfoAsync(CancellationToken cancellationToken = default)
    {
        var app = GetAppAsync(cancellationToken);
        Task<GradioApiInfo> info;
        lock (_gate)
        {
            var current = _cached?.App;
            if (_info is { } known && ReferenceEquals(known.App, current) && !known.Info.IsFaulted && !known.Info.IsCanceled)
            {
                info = known.Info;
            }
            else
            {
                info = ReadInfoAsync(current!);
                _info = (current!, info);
            }
        }

        await app.ConfigureAwait(false);
        return await info.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a job with inputs by parameter name, as <c>/info</c> names them; the others get their defaults (see
    /// <see cref="GradioEndpoint.Bind"/>). See <see cref="SubmitAsync(GradioSubmission, CancellationToken)"/>.
    /// </summary>
    /// <param name="apiName">The endpoint's api_name.</param>
    /// <param name="inputs">Values by parameter name.</param>
    /// <param name="cancellationToken">Cancels the job.</param>
    /// <returns>The job's updates.</returns>
    public async IAsyncEnumerable<GradioUpdate> SubmitAsync(string apiName, IReadOnlyDictionary<string, object?> inputs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(apiName);
        var api = await GetApiInfoAsync(cancellationToken).ConfigureAwait(false);
        var endpoint = api.Endpoint(apiName) ?? throw new FluxImagingException(
            FluxImagingErrorKind.NotFound,
            $"The app has no public endpoint named '{UpstreamText.Echo(apiName)}'. Its endpoints: {string.Join(", ", api.Endpoints.Select(e => e.ApiName))}.",
            Name);
        await foreach (var update in SubmitAsync(new GradioSubmission(endpoint.ApiName, endpoint.Bind(inputs)), cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Runs a job to its end and returns its final outputs.</summary>
    /// <param name="submission">What to run.</param>
    /// <param name="cancellationToken">Cancels the job.</param>
    /// <returns>The outputs, one per output component.</returns>
    public async Task<IReadOnlyList<System.Text.Json.Nodes.JsonNode?>> PredictAsync(GradioSubmission submission, CancellationToken cancellationToken = default)
    {
        await foreach (var update in SubmitAsync(submission, cancellationToken).ConfigureAwait(false))
        {
            if (update.Kind == GradioUpdateKind.Completed)
            {
                return update.Outputs ?? [];
            }
        }

        throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The job ended without a result.", Name);
    }

    /// <summary>Forgets the cached app, e.g. after an error that suggests the Space changed.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _cached = null;
            _info = null;
        }
    }

    /// <summary>
    /// Runs a job and streams what happens to it, ending with exactly one <see cref="GradioUpdateKind.Completed"/>
    /// update. Lazy: nothing is sent before the first <c>MoveNextAsync</c>. A queue job that is not finished when the
    /// enumeration stops (cancelled, or the consumer stopped reading) is cancelled on the app.
    /// </summary>
    /// <param name="submission">What to run.</param>
    /// <param name="cancellationToken">Cancels the job.</param>
    /// <returns>The job's updates.</returns>
    /// <exception cref="FluxImagingException">The app refused or failed the job; ZeroGPU quota and queue texts become their kinds.</exception>
    public async IAsyncEnumerable<GradioUpdate> SubmitAsync(GradioSubmission submission, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var app = await GetAppAsync(cancellationToken).ConfigureAwait(false);
        var function = app.Function(submission.ApiName);
        if (function is not null && function.ValueInputs.Count != submission.Data.Count)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.InvalidRequest,
                $"/{submission.ApiName} takes {function.ValueInputs.Count} inputs; the job gave {submission.Data.Count}.",
                Name);
        }

        function ??= submission.Fallback;
        var protocol = submission.Protocol switch
        {
            GradioProtocol.Auto when function is null => GradioProtocol.Call,
            GradioProtocol.Auto => function.UsesQueue ? GradioProtocol.Queue : GradioProtocol.Call,
            var chosen => chosen,
        };

        var updates = protocol == GradioProtocol.Queue
            ? GradioQueueJob.RunAsync(
                this,
                app,
                function ?? throw new FluxImagingException(
                    FluxImagingErrorKind.NotFound,
                    $"The app has no function named '{UpstreamText.Echo(submission.ApiName)}' (or its /config could not be read), so it cannot be queued.",
                    Name),
                WireData(function, submission.Data),
                submission.Headers,
                cancellationToken)
            : GradioCallJob.RunAsync(this, app, submission.ApiName, submission.Data, submission.Headers, cancellationToken);
        await foreach (var update in updates.ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>
    /// Uploads files to the app (<c>POST {prefix}/upload</c>, one multipart part named <c>files</c> per file) and returns
    /// them as <see cref="GradioFile"/>s to pass as inputs. The answer is bounded by <see cref="LimitOptions.JsonBytes"/>.
    /// </summary>
    /// <param name="files">The files.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>One file per upload, in order.</returns>
    public async Task<IReadOnlyList<GradioFile>> UploadAsync(IReadOnlyList<GradioUpload> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            return [];
        }

        var app = await GetAppAsync(cancellationToken).ConfigureAwait(false);
        using var content = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ReadOnlyMemoryContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.MediaType ?? "application/octet-stream");
            content.Add(part, "files", SafeFileName(file.FileName));
        }

        var uploadId = GradioQueueJob.NewSessionHash();
        using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri($"/upload?upload_id={uploadId}")) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var operation = $"POST {app.Prefix}/upload";
        var paths = await _http.ReadJsonAsync(response, GradioJsonContext.Default.ListString, operation, cancellationToken).ConfigureAwait(false);
        if (paths.Count != files.Count || paths.Any(string.IsNullOrWhiteSpace))
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.ProtocolViolation,
                $"{operation} answered {paths.Count} paths for {files.Count} files.",
                Name,
                (int)response.StatusCode);
        }

        return [.. files.Select((file, i) => new GradioFile(
            paths[i],
            app.ApiUri($"/file={paths[i]}").AbsoluteUri,
            SafeFileName(file.FileName),
            file.MediaType,
            file.Content.Length))];
    }

    /// <summary>The image a file output stands for, downloadable through this client; null when the value is no file or names no http(s) location.</summary>
    /// <param name="app">The app the value came from.</param>
    /// <param name="value">An output value.</param>
    /// <returns>The image, or null.</returns>
    public GeneratedImage? Image(GradioApp app, System.Text.Json.Nodes.JsonNode? value) =>
        GradioFile.TryRead(value, out var file) ? Image(app, file) : null;

    /// <summary>The image a file stands for, downloadable through this client; null when it names no http(s) location.</summary>
    /// <param name="app">The app the file came from.</param>
    /// <param name="file">The file.</param>
    /// <returns>The image, or null.</returns>
    public GeneratedImage? Image(GradioApp app, GradioFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Resolve(app) is { } uri ? _http.Image(uri, file.MimeType, file.OriginalName) : null;
    }

    /// <summary>Remembers a layout learned the hard way (a 404 on the assumed one) until the next discovery.</summary>
    internal void Remember(GradioApp app)
    {
        lock (_gate)
        {
            _cached = (Task.FromResult(app), _http.TimeProvider.GetTimestamp() + (long)(FallbackCacheDuration.TotalSeconds * _http.TimeProvider.TimestampFrequency));
        }
    }

    /// <summary><c>POST {prefix}/call/{api}</c>; returns the event id, or null when the route does not exist (404) on an assumed layout.</summary>
    internal async Task<string?> SubmitCallAsync(GradioApp app, string apiName, IReadOnlyList<object?> data, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri($"/call/{apiName}")) { Content = GradioPayload.Call(data) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        AddHeaders(request, headers);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound && !app.Discovered)
        {
            return null;
        }

        return await ReadEventIdAsync(response, $"POST {app.Prefix}/call/{apiName}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/call/{api}/{event_id}</c> as a stream of frames; heartbeats included (they only matter as bytes).</summary>
    internal IAsyncEnumerable<CallFrame> ReadCallAsync(GradioApp app, string apiName, string eventId, CancellationToken cancellationToken) =>
        _http.StreamEventsAsync(new HttpRequestMessage(HttpMethod.Get, app.ApiUri($"/call/{apiName}/{eventId}")), CallFrame.Parse, $"GET {app.Prefix}/call/{apiName}/…", cancellationToken);

    /// <summary><c>POST {prefix}/queue/join</c> with extra headers (sent on this request only); returns the event id.</summary>
    internal async Task<string> JoinAsync(
        GradioApp app,
        GradioFunction function,
        IReadOnlyList<object?> data,
        string sessionHash,
        IReadOnlyDictionary<string, string> headers,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri("/queue/join"))
        {
            Content = GradioPayload.Join(data, function.FnIndex, function.TriggerId, sessionHash),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        AddHeaders(request, headers);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.InternalServerError)
        {
            // Gradio answers a stale fn_index with a 500 (KeyError): rediscover next time.
            Invalidate();
        }

        return (await ReadEventIdAsync(response, $"POST {app.Prefix}/queue/join", cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary><c>GET {prefix}/queue/data?session_hash=…</c> as a stream of frames (all events of the session; <paramref name="eventId"/> is the job's own).</summary>
    internal IAsyncEnumerable<QueueFrame> ReadQueueAsync(GradioApp app, string sessionHash, string eventId, CancellationToken cancellationToken) =>
        _http.StreamEventsAsync(
            new HttpRequestMessage(HttpMethod.Get, app.ApiUri($"/queue/data?session_hash={Uri.EscapeDataString(sessionHash)}")),
            QueueFrame.For(eventId),
            $"GET {app.Prefix}/queue/data",
            cancellationToken);

    /// <summary>Best-effort <c>POST {prefix}/cancel</c>, bounded by the attempt timeout and never throwing.</summary>
    internal async Task CancelAsync(GradioApp app, string eventId, string sessionHash, int fnIndex)
    {
        using var timeout = new CancellationTokenSource(_http.Timeouts.Attempt, _http.TimeProvider);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, app.ApiUri("/cancel")) { Content = GradioPayload.Cancel(eventId, sessionHash, fnIndex) };
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            LogCancelled(Logger, Name, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or FluxImagingException or TimeoutException)
        {
            LogCancelFailed(Logger, Name, UpstreamText.Clean(ex.Message));
        }
    }

    // The queue takes one value per dependency input, state and other API-skipped inputs as null placeholders.
    private static IReadOnlyList<object?> WireData(GradioFunction function, IReadOnlyList<object?> data)
    {
        if (function.Inputs.Count == 0 || function.Inputs.Count == data.Count)
        {
            return data;
        }

        var wire = new object?[function.Inputs.Count];
        var next = 0;
        for (var i = 0; i < wire.Length; i++)
        {
            wire[i] = function.Inputs[i].SkipApi || function.Inputs[i].IsState || next >= data.Count ? null : data[next++];
        }

        return wire;
    }

    // Only the last path segment of a name counts, as on the server.
    private static string SafeFileName(string name)
    {
        var last = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];
        return string.IsNullOrWhiteSpace(last) ? "file" : UpstreamText.Echo(last);
    }

    private static void AddHeaders(HttpRequestMessage request, IReadOnlyDictionary<string, string> headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    // One resolution shared by concurrent callers; a failed one is not kept, so the next call asks again.
    private Task<Uri> ResolvedAsync()
    {
        lock (_resolveLock)
        {
            if (_resolving is null or { IsFaulted: true } or { IsCanceled: true })
            {
                _resolving = ResolveAsync();
            }

            return _resolving;
        }
    }

    // Once per client: the configured endpoint, or where the Hugging Face API says the Space runs. The options learn it
    // too, so that the Hugging Face token (scoped to the Space's own origin) follows.
    private async Task<Uri> ResolveAsync()
    {
        if (_options.Endpoint is { } configured)
        {
            return configured;
        }

        using var timeout = new CancellationTokenSource(_http.Timeouts.Attempt * 2, _http.TimeProvider);
        var resolved = await SpaceHost.ResolveAsync(_http, _options, Logger, timeout.Token).ConfigureAwait(false);
        _options.Endpoint = resolved;
        return resolved;
    }

    private async Task<GradioApp> DiscoverAsync()
    {
        var endpoint = await ResolvedAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_http.Timeouts.Attempt * 2, _http.TimeProvider);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/config"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
            {
                var config = await _http.ReadJsonAsync(response, GradioJsonContext.Default.ConfigDocument, "GET /config", _maxConfigBytes, "MaxConfigBytes", timeout.Token).ConfigureAwait(false);
                var app = GradioApp.FromConfig(endpoint, config);
                LogDiscovered(Logger, Name, UpstreamText.Echo(app.Version ?? "?"), app.Prefix.Length == 0 ? "(root)" : UpstreamText.Echo(app.Prefix));
                return app;
            }

            LogConfigUnavailable(Logger, Name, $"HTTP {(int)response.StatusCode} {UpstreamText.Echo(response.Content.Headers.ContentType?.MediaType)}", _fallbackPrefix);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or TimeoutException
            or FluxImagingException { Kind: not FluxImagingErrorKind.ProtocolViolation })
        {
            // An unreachable or unready /config leaves the configured layout to try; one that is too large or not JSON
            // is not a Space to talk to by guesswork (the protocol error goes to the caller).
            LogConfigUnavailable(Logger, Name, UpstreamText.Clean(ex.Message), _fallbackPrefix);
        }

        var assumed = GradioApp.Assumed(endpoint, _fallbackPrefix);
        Remember(assumed);
        return assumed;
    }

    private async Task<GradioApiInfo> ReadInfoAsync(Task<GradioApp> discovery)
    {
        var app = await discovery.ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(_http.Timeouts.Attempt * 2, _http.TimeProvider);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, app.ApiUri("/info"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var info = await _http.ReadJsonAsync(response, GradioJsonContext.Default.InfoDocument, $"GET {app.Prefix}/info", _maxInfoBytes, "MaxInfoBytes", timeout.Token).ConfigureAwait(false);
                return ApiInfoReader.FromInfo(info, app);
            }

            LogInfoUnavailable(Logger, Name, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or TimeoutException
            or FluxImagingException { Kind: not FluxImagingErrorKind.ProtocolViolation })
        {
            LogInfoUnavailable(Logger, Name, UpstreamText.Clean(ex.Message));
        }

        return ApiInfoReader.FromConfig(app);
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
                Name,
                503,
                failure.RetryAfter ?? TimeSpan.FromSeconds(5));
        }

        var document = await _http.ReadJsonAsync(response, GradioJsonContext.Default.EventIdDocument, operation, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(document.EventId)
            ? throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"{operation} answered without an event_id.", Name, (int)response.StatusCode)
            : document.EventId;
    }

    [LoggerMessage(101, LogLevel.Information, "{Provider}: Gradio {Version} app discovered, API prefix {Prefix}.")]
    private static partial void LogDiscovered(ILogger logger, string provider, string version, string prefix);

    [LoggerMessage(102, LogLevel.Warning, "{Provider}: /config could not be read ({Reason}); assuming API prefix '{Prefix}'.")]
    private static partial void LogConfigUnavailable(ILogger logger, string provider, string reason, string prefix);

    [LoggerMessage(105, LogLevel.Warning, "{Provider}: /info could not be read ({Reason}); using what /config says (parameters without names).")]
    private static partial void LogInfoUnavailable(ILogger logger, string provider, string reason);

    [LoggerMessage(103, LogLevel.Information, "{Provider}: cancel sent to the Space (HTTP {Status}).")]
    private static partial void LogCancelled(ILogger logger, string provider, int status);

    [LoggerMessage(104, LogLevel.Warning, "{Provider}: the Space's cancel endpoint could not be reached: {Reason}")]
    private static partial void LogCancelFailed(ILogger logger, string provider, string reason);
}

using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FluxImaging.Images;

namespace FluxImaging.Providers;

/// <summary>
/// The HTTP helpers every provider uses the same way, ours and anyone else's: send a request, read a bounded JSON
/// answer or a bounded event stream, turn a failed answer into a typed <see cref="FluxImagingException"/>, and make a
/// <see cref="GeneratedImage"/> that downloads through the provider's own client. Thread-safe.
/// </summary>
/// <remarks>
/// Every read is bounded twice: by the limit of the thing being read (<see cref="LimitOptions"/>; decoded bytes, with a
/// <c>Content-Length</c> over the limit refused before reading) and by the idle timeout (<see cref="TimeoutOptions.Idle"/>).
/// Past a limit the error is a <see cref="FluxImagingErrorKind.ProtocolViolation"/> naming what was too big and the
/// setting that bounds it.
/// </remarks>
public sealed class UpstreamHttp
{
    /// <summary>
    /// The name of a request in errors and logs (e.g. <c>GET /prompt/{prompt}</c>), set on
    /// <see cref="HttpRequestMessage.Options"/>; without it they show the method and a shortened path. Set it when the
    /// path carries data (a prompt) that must not appear in a log line.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> Operation = new("FluxImaging.Operation");

    /// <summary>
    /// Set to true on a request that must not be sent again by the retries: one whose effect cannot be repeated, or a
    /// stream whose events the server may already have delivered and dropped (<see cref="StreamEventsAsync"/> sets it).
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> DoNotRetry = new("FluxImaging.DoNotRetry");

    private readonly Func<HttpClient> _createClient;
    private readonly ImageDownloader _downloader;

    /// <summary>Helpers over an HTTP client of your own (for use outside dependency injection, e.g. in tests or tools).</summary>
    /// <param name="httpClient">The client requests go through. It should not follow redirects on its own (see the remarks of <see cref="SendAsync"/>).</param>
    /// <param name="name">The name errors carry, usually the provider's.</param>
    /// <param name="timeouts">The time limits; the defaults when null.</param>
    /// <param name="limits">The byte limits; the defaults when null.</param>
    /// <param name="timeProvider">The clock for idle timeouts and <c>Retry-After</c> dates; the system clock when null.</param>
    public UpstreamHttp(HttpClient httpClient, string name, TimeoutOptions? timeouts = null, LimitOptions? limits = null, TimeProvider? timeProvider = null)
        : this(name, ValidClient(httpClient), timeouts ?? new TimeoutOptions(), limits ?? new LimitOptions(), timeProvider ?? TimeProvider.System)
    {
    }

    internal UpstreamHttp(string name, Func<HttpClient> createClient, TimeoutOptions timeouts, LimitOptions limits, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _createClient = createClient;
        Timeouts = timeouts;
        Limits = limits;
        TimeProvider = timeProvider;
        _downloader = new ImageDownloader(name, createClient, timeouts.Idle, limits.ImageBytes, timeProvider);
    }

    /// <summary>The name errors carry (the provider's name).</summary>
    public string Name { get; }

    /// <summary>The effective time limits.</summary>
    public TimeoutOptions Timeouts { get; }

    /// <summary>The effective byte limits.</summary>
    public LimitOptions Limits { get; }

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// An <see cref="HttpClient"/> for this provider. Under dependency injection it is the provider's named client:
    /// its proxy, its resilience pipeline (retries, budget, per-attempt timeout), redirects kept within the origin of
    /// each API call, every response body behind the idle timeout and the size backstop. Create one per operation; do
    /// not dispose it.
    /// </summary>
    /// <returns>The client.</returns>
    public HttpClient CreateClient() => _createClient();

    /// <summary>Sends a request and returns as soon as the response headers arrived; the body is read by the caller.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response; the caller disposes it.</returns>
    /// <remarks>
    /// A redirect to another origin is not followed but fails with <see cref="FluxImagingErrorKind.ProtocolViolation"/>,
    /// so headers set on the request (credentials of any name) never reach a host they were not meant for.
    /// </remarks>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Reads a small JSON answer (at most <see cref="LimitOptions.JsonBytes"/>) into <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The answer's type.</typeparam>
    /// <param name="response">A response; a failed status becomes the matching typed error.</param>
    /// <param name="jsonTypeInfo">The source-generated contract of <typeparamref name="T"/>.</param>
    /// <param name="operation">What was done, for messages, e.g. <c>POST /queue/join</c> (never a URL with its query).</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The answer.</returns>
    public Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> jsonTypeInfo, string operation, CancellationToken cancellationToken = default) =>
        ReadJsonAsync(response, jsonTypeInfo, operation, Limits.JsonBytes, "Limits:JsonBytes", cancellationToken);

    /// <summary>Reads a JSON answer of at most <paramref name="maxBytes"/> decoded bytes into <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The answer's type.</typeparam>
    /// <param name="response">A response; a failed status becomes the matching typed error.</param>
    /// <param name="jsonTypeInfo">The source-generated contract of <typeparamref name="T"/>.</param>
    /// <param name="operation">What was done, for messages, e.g. <c>GET /config</c>.</param>
    /// <param name="maxBytes">The most decoded bytes to read.</param>
    /// <param name="limitName">The setting that holds <paramref name="maxBytes"/>, named in the error when it is passed.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The answer.</returns>
    public async Task<T> ReadJsonAsync<T>(
        HttpResponseMessage response,
        JsonTypeInfo<T> jsonTypeInfo,
        string operation,
        long maxBytes,
        string limitName,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(jsonTypeInfo);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw await FailureAsync(response, operation, "JSON", cancellationToken).ConfigureAwait(false);
        }

        var body = await OpenAsync(response, $"The answer to {operation}", maxBytes, limitName, cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(body, jsonTypeInfo, cancellationToken).ConfigureAwait(false)
                    ?? throw new JsonException("The answer is JSON null.");
            }
            catch (JsonException ex)
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.ProtocolViolation,
                    $"{operation} answered something that is not the expected JSON: {UpstreamText.Clean(ex.Message)}",
                    Name,
                    (int)response.StatusCode,
                    innerException: ex);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads its answer as server-sent events, each parsed from the parser's span
    /// straight into <typeparamref name="T"/>. Lazy: the request goes out on the first <c>MoveNextAsync</c>. One event
    /// (all its lines, any line endings) may take at most <see cref="LimitOptions.EventBytes"/>; a stream that breaks
    /// off is a <see cref="FluxImagingErrorKind.ProtocolViolation"/>; silence longer than the idle timeout a
    /// <see cref="FluxImagingErrorKind.Timeout"/>.
    /// </summary>
    /// <typeparam name="T">What each event becomes.</typeparam>
    /// <param name="request">The request; it is disposed with the stream. It is never retried once sent.</param>
    /// <param name="parser">Turns an event's type and data into a <typeparamref name="T"/>.</param>
    /// <param name="operation">What was done, for messages, e.g. <c>GET /queue/data</c>.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<T> StreamEventsAsync<T>(
        HttpRequestMessage request,
        SseItemParser<T> parser,
        string operation,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        using var owned = request;
        if (request.Headers.Accept.Count == 0)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        request.Options.Set(DoNotRetry, true);
        if (!request.Options.TryGetValue(Operation, out _))
        {
            request.Options.Set(Operation, operation);
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && !mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            throw await FailureAsync(response, operation, "an event stream", cancellationToken).ConfigureAwait(false);
        }

        var body = await OpenAsync(response, $"The event stream of {operation}", Limits.ResponseBytes, "Limits:ResponseBytes", cancellationToken).ConfigureAwait(false);
        var bounded = new Http.EventBoundStream(body, Limits.EventBytes, () => Http.UpstreamLimits.TooLarge(Name, $"An event of {operation}", Limits.EventBytes, "Limits:EventBytes"));
        await using (bounded.ConfigureAwait(false))
        {
            var items = SseParser.Create(bounded, parser).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (items.ConfigureAwait(false))
            {
                while (await MoveNextAsync(items, operation, cancellationToken).ConfigureAwait(false))
                {
                    yield return items.Current.Data;
                }
            }
        }
    }

    /// <summary>
    /// Reads an image sent as the body of <paramref name="response"/> (at most <see cref="LimitOptions.ImageBytes"/>):
    /// the body must be non-empty and start like a PNG, JPEG, WebP or GIF file, whatever its <c>Content-Type</c> says.
    /// </summary>
    /// <param name="response">A response; a failed status becomes the matching typed error.</param>
    /// <param name="operation">What was done, for messages.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The image, held in memory, its media type sniffed from its bytes.</returns>
    public async Task<GeneratedImage> ReadImageAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, operation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)))
        {
            // Where image bytes were promised, a page or a JSON body is a broken answer (often an error page that a
            // proxy served with 200), whatever it says.
            var failure = await FailureAsync(response, operation, "an image", cancellationToken).ConfigureAwait(false);
            throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, failure.Message, Name, failure.Status, failure.RetryAfter);
        }

        var body = await OpenAsync(response, $"The image from {operation}", Limits.ImageBytes, "Limits:ImageBytes", cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream(response.Content.Headers.ContentLength is { } length and > 0 and < int.MaxValue ? (int)length : 64 * 1024);
            try
            {
                await body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.ProtocolViolation,
                    $"The image from {operation} broke off after {buffer.Length:N0} bytes ({UpstreamText.Clean(ex.Message)}).",
                    Name,
                    (int)response.StatusCode,
                    innerException: ex);
            }

            var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            var format = ImageFormats.Sniff(bytes.Span) ?? throw new FluxImagingException(
                FluxImagingErrorKind.ProtocolViolation,
                bytes.Length == 0 ? $"{operation} answered an empty body instead of an image." : $"{operation} answered data that is not a PNG, JPEG, WebP or GIF image.",
                Name,
                (int)response.StatusCode);
            return new GeneratedImage(bytes, format.MediaType, _downloader);
        }
    }

    /// <summary>The error a failed answer stands for: its status mapped to a kind, and the most useful text of its body (at most 16 KiB read).</summary>
    /// <param name="response">The answer.</param>
    /// <param name="operation">What was done, e.g. <c>POST /call/infer</c> — never a URL with its query.</param>
    /// <param name="insteadOf">When the status was fine but the body is not what was asked for: what was expected (e.g. <c>JSON</c>).</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <returns>The error, to throw.</returns>
    public Task<FluxImagingException> FailureAsync(HttpResponseMessage response, string operation, string? insteadOf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Http.UpstreamFailure.FromResponseAsync(Name, response, operation, TimeProvider, cancellationToken, insteadOf);
    }

    /// <summary>An image at a URL, downloaded when read through this provider's client (at most <see cref="LimitOptions.ImageBytes"/>).</summary>
    /// <param name="uri">An absolute <c>http</c>, <c>https</c> or <c>data:</c> URI.</param>
    /// <param name="mediaType">The media type, if the upstream said.</param>
    /// <param name="originalFileName">The file name the upstream gave, if any (informative only, never a path).</param>
    /// <returns>The image.</returns>
    /// <exception cref="FluxImagingException">The URI is not absolute http, https or data (kind <see cref="FluxImagingErrorKind.ProtocolViolation"/>).</exception>
    public GeneratedImage Image(Uri uri, string? mediaType = null, string? originalFileName = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!GeneratedImage.IsSupported(uri))
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.ProtocolViolation,
                $"The upstream returned an image URL that is not absolute http, https or data ({UpstreamText.Echo(uri.IsAbsoluteUri ? uri.Scheme + ":" : "a relative URL")}).",
                Name);
        }

        return new GeneratedImage(uri, mediaType, _downloader) { OriginalFileName = originalFileName };
    }

    private static Func<HttpClient> ValidClient(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }

    // A body that our own handler already guards is not wrapped twice: its idle timeout stands, and so does its cap
    // when that is as tight as this one (it counts the same bytes and fails first). Every wrapper costs each read.
    private async Task<Stream> OpenAsync(HttpResponseMessage response, string what, long maxBytes, string limitName, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            throw Http.UpstreamLimits.TooLarge(Name, what, maxBytes, limitName);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (response.Content is Http.GuardedContent guard)
        {
            return guard.MaxBytes <= maxBytes ? body : new Http.LengthLimitedStream(body, maxBytes, () => Http.UpstreamLimits.TooLarge(Name, what, maxBytes, limitName));
        }

        return new Http.LengthLimitedStream(new Http.IdleTimeoutStream(body, Timeouts.Idle, Name, TimeProvider), maxBytes, () => Http.UpstreamLimits.TooLarge(Name, what, maxBytes, limitName));
    }

    // A reset or truncated body before the terminal event is the upstream's fault, not a transport hiccup to retry.
    // Called once per event: the state machine is pooled rather than allocated per event.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
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
                $"The event stream of {operation} broke off before a result ({UpstreamText.Clean(ex.Message)}).",
                Name,
                innerException: ex);
        }
    }
}

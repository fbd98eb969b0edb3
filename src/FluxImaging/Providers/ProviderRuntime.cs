using System.Runtime.CompilerServices;
using System.Text.Json;
using FluxImaging.Http;
using FluxImaging.Images;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace FluxImaging.Providers;

/// <summary>
/// What one of our providers needs from the host: an HTTP client per operation from IHttpClientFactory (never one kept
/// for ever), its effective time limits, and <see cref="RunAsync"/>, which enforces the generation deadline and turns
/// transport failures into typed errors in one place.
/// </summary>
internal sealed class ProviderRuntime
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _clientName;

    public ProviderRuntime(string name, IHttpClientFactory httpClientFactory, TimeoutOptions timeouts, TimeProvider timeProvider, ILogger logger)
    {
        Name = name;
        _httpClientFactory = httpClientFactory;
        _clientName = HttpClientName(name);
        Timeouts = timeouts;
        TimeProvider = timeProvider;
        Logger = logger;
        Downloader = new ImageDownloader(name, CreateClient, timeouts.Idle);
    }

    public string Name { get; }

    public TimeoutOptions Timeouts { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    /// <summary>Downloads this provider's images with its own client (proxy, resilience, host-scoped credentials).</summary>
    public ImageDownloader Downloader { get; }

    public static string HttpClientName(string provider) => $"FluxImaging.{provider}";

    public HttpClient CreateClient() => _httpClientFactory.CreateClient(_clientName);

    /// <summary>Sends a request and returns as soon as the headers arrived; the body is read by the caller.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>Wraps a response body so that silence longer than the idle timeout fails instead of hanging.</summary>
    public Stream GuardIdle(Stream body, CancellationToken cancellationToken) =>
        new IdleTimeoutStream(body, Timeouts.Idle, Name, cancellationToken);

    /// <summary>A failure of a response, with the provider's name and a readable message.</summary>
    public Task<FluxImagingException> FailureAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken, string? insteadOf = null) =>
        UpstreamFailure.FromResponseAsync(Name, response, operation, TimeProvider, cancellationToken, insteadOf);

    /// <summary>An image at a URL, downloaded later through this provider's client.</summary>
    public GeneratedImage Image(Uri uri, string? mediaType = null, string? originalFileName = null) =>
        new(uri, mediaType, Downloader) { OriginalFileName = originalFileName };

    /// <summary>
    /// Runs one generation under the deadline of <see cref="TimeoutOptions.Generation"/>: the body receives a token that is
    /// cancelled when either the caller cancels or the deadline passes, and every failure leaves as a
    /// <see cref="FluxImagingException"/> (or <see cref="OperationCanceledException"/> when the caller cancelled).
    /// </summary>
    public async IAsyncEnumerable<ImageEvent> RunAsync(
        Func<CancellationToken, IAsyncEnumerable<ImageEvent>> generation,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeouts.Generation);
        var events = generation(deadline.Token).GetAsyncEnumerator(deadline.Token);
        await using (events.ConfigureAwait(false))
        {
            while (await MoveNextAsync(events, deadline, cancellationToken).ConfigureAwait(false))
            {
                yield return events.Current;
            }
        }
    }

    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<ImageEvent> events, CancellationTokenSource deadline, CancellationToken callerToken)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (FluxImagingException)
        {
            throw;
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.Timeout,
                $"The generation took longer than its deadline of {Timeouts.Generation}.",
                Name,
                innerException: ex);
        }
        catch (Exception ex) when (Translate(ex) is { } error)
        {
            throw error;
        }
    }

    private FluxImagingException? Translate(Exception ex) => ex switch
    {
        TimeoutRejectedException timeout => new FluxImagingException(
            FluxImagingErrorKind.Timeout,
            $"The upstream did not answer in time: {timeout.Message} (per-attempt timeout {Timeouts.Attempt}).",
            Name,
            innerException: ex),
        HttpRequestException http => new FluxImagingException(
            FluxImagingErrorKind.UpstreamUnavailable,
            $"Could not reach the upstream: {http.Message}",
            Name,
            http.StatusCode is { } status ? (int)status : null,
            innerException: ex),
        JsonException json => new FluxImagingException(
            FluxImagingErrorKind.ProtocolViolation,
            $"The upstream sent malformed JSON: {json.Message}",
            Name,
            innerException: ex),
        IOException io => new FluxImagingException(
            FluxImagingErrorKind.UpstreamError,
            $"The connection to the upstream broke: {io.Message}",
            Name,
            innerException: ex),
        OperationCanceledException => new FluxImagingException(
            FluxImagingErrorKind.Timeout,
            "The upstream request was cancelled by a timeout.",
            Name,
            innerException: ex),
        _ => null,
    };
}

using System.Net.Http.Headers;
using FluxImaging.Http;

namespace FluxImaging.Images;

/// <summary>
/// Fetches image bytes over HTTP for a <see cref="GeneratedImage"/>: a provider passes one that uses its own configured
/// client (proxy, resilience, redirects followed hop by hop with host-scoped credentials); images made by users get
/// <see cref="Shared"/>.
/// </summary>
internal sealed class ImageDownloader(string? provider, Func<HttpClient> createClient, TimeSpan idleTimeout, long maxBytes, TimeProvider timeProvider)
{
    private static readonly HttpClient SharedClient = new(new RedirectHandler(null)
    {
        InnerHandler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            AllowAutoRedirect = false,
        },
    })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    /// <summary>The downloader for images that no provider made.</summary>
    public static ImageDownloader Shared { get; } = new(null, () => SharedClient, TimeSpan.FromSeconds(60), GeneratedImage.DefaultMaxBytes, TimeProvider.System);

    public string? Provider => provider;

    /// <summary>The size cap used when a caller names none.</summary>
    public long MaxBytes => maxBytes;

    /// <summary>Opens the body of <paramref name="uri"/> as a stream bounded in size and idle time; the caller disposes it.</summary>
    public async Task<(Stream Body, string? MediaType)> OpenAsync(Uri uri, long limit, CancellationToken cancellationToken)
    {
        var client = createClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.8));
        request.Options.Set(RedirectHandler.Download, true);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await UpstreamFailure.FromResponseAsync(provider, response, "Downloading the image", timeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (response.Content.Headers.ContentLength > limit)
            {
                throw TooLarge(limit);
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (mediaType is not null && (mediaType.Contains("html", StringComparison.OrdinalIgnoreCase) || mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)))
            {
                throw await UpstreamFailure.FromResponseAsync(provider, response, "Downloading the image", timeProvider, cancellationToken, insteadOf: "an image").ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var guarded = response.Content is GuardedContent ? body : new IdleTimeoutStream(body, idleTimeout, provider ?? "download", timeProvider);
            return (new ResponseOwningStream(new LengthLimitedStream(guarded, limit, () => TooLarge(limit)), response), mediaType);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The error for an image past <paramref name="limit"/>, naming the setting it came from.</summary>
    public FluxImagingException TooLarge(long limit) => UpstreamLimits.TooLarge(
        provider,
        "The image",
        limit,
        limit != maxBytes ? "the maxBytes argument" : provider is null ? "GeneratedImage.DefaultMaxBytes" : "Limits:ImageBytes");

    /// <summary>Keeps the response alive exactly as long as its body stream.</summary>
    private sealed class ResponseOwningStream(Stream inner, HttpResponseMessage response) : ReadOnlyDelegatingStream(inner)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                response.Dispose();
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync().ConfigureAwait(false);
            response.Dispose();
        }
    }
}

using FluxImaging.Providers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Media;

/// <summary>
/// Fetches upstream images for clients, guarded against server-side request forgery: http and https only; redirects
/// followed here, hop by hop, each hop checked again; every connection checked against the addresses the host name
/// resolves to at connect time (<see cref="AddressGuard"/>), so a name that resolves to anything but a global unicast
/// address is refused unless configured otherwise; no credential, cookie or proxy ever; size and time caps.
/// </summary>
internal sealed partial class GuardedDownloader(HttpClient http, IOptions<ServerOptions> options, ILogger<GuardedDownloader> logger)
{
    public const string HttpClientName = "FluxImaging.Server.Downloads";

    /// <summary>What a client is told when a download is refused: nothing about where the image was.</summary>
    public const string RefusedMessage = "The server refused to download the image: its address is not a public internet address, or the URL is not http(s).";

    /// <summary>The bytes of an image and its media type, sniffed from the bytes.</summary>
    public async Task<(byte[] Bytes, string MediaType, string Extension)> FetchAsync(GeneratedImage image, CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (image.Data is not null || image.Uri is { Scheme: "data" })
        {
            var data = await image.ReadAllBytesAsync(cancellationToken).ConfigureAwait(false);
            bytes = data.Length <= options.Value.MaxDownloadBytes ? data.ToArray() : throw TooLarge();
        }
        else if (image.Uri is { } uri)
        {
            bytes = await DownloadAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The upstream's image has neither bytes nor a URL.");
        }

        return ImageFormats.TrySniff(bytes, out var mediaType, out var extension)
            ? (bytes, mediaType, extension)
            : throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The upstream's image is not a PNG, JPEG, WebP or GIF file.");
    }

    private async Task<byte[]> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.DownloadTimeout);
        try
        {
            var current = uri;
            for (var hop = 0; ; hop++)
            {
                if (current is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
                {
                    throw Refused($"not an http(s) URL ({current.Scheme})");
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    var next = response.Headers.Location is { } location
                        ? location.IsAbsoluteUri ? location : new Uri(current, location)
                        : throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The upstream image's redirect has no Location.", status: (int)response.StatusCode);
                    if (hop >= limits.MaxDownloadRedirects)
                    {
                        throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"The upstream image redirected more than {limits.MaxDownloadRedirects} times.");
                    }

                    if (current.Scheme == "https" && next.Scheme == "http")
                    {
                        throw Refused("a redirect from https to http");
                    }

                    current = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw new FluxImagingException(FluxImagingErrorKind.UpstreamError, $"Downloading the upstream image failed with HTTP {(int)response.StatusCode}.", status: (int)response.StatusCode);
                }

                return await ReadBoundedAsync(response, limits.MaxDownloadBytes, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FluxImagingException(FluxImagingErrorKind.Timeout, $"Downloading the upstream image took longer than {limits.DownloadTimeout}.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is DownloadRefusedException refused)
        {
            LogRefused(logger, UpstreamText.Echo(refused.Detail, 1024));
            throw new DownloadRefusedException(RefusedMessage, refused.Detail);
        }
        catch (HttpRequestException ex)
        {
            // HttpRequestException's message names the host and port; a client learns only what kind of failure it was.
            throw new FluxImagingException(FluxImagingErrorKind.UpstreamUnavailable, $"The upstream image could not be downloaded ({Describe(ex.HttpRequestError)}).", innerException: ex);
        }
    }

    private DownloadRefusedException Refused(string detail)
    {
        LogRefused(logger, UpstreamText.Echo(detail, 1024));
        return new DownloadRefusedException(RefusedMessage, detail);
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "its host name did not resolve",
        HttpRequestError.ConnectionError => "no connection could be made",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed early",
        _ => "the HTTP exchange failed",
    };

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            // Counts decoded bytes, so a compressed body cannot exceed the cap either.
            using var buffer = new MemoryStream(declared is { } length ? (int)length : 0);
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
    }

    private FluxImagingException TooLarge() => TooLarge(options.Value.MaxDownloadBytes);

    private static FluxImagingException TooLarge(long maxBytes) =>
        new(FluxImagingErrorKind.ProtocolViolation, $"The upstream image is larger than {maxBytes:N0} bytes.");

    /// <summary>
    /// The connection handler: resolves, filters and connects in one step so a DNS answer cannot change in between. It
    /// follows no redirect (the downloader does, hop by hop), keeps no cookies and sends no credentials.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(IOptions<ServerOptions> options)
    {
        var allowedNetworks = options.Value.DownloadAllowedNetworks.Select(n => IPNetwork.Parse(n)).ToArray();
        return new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            Credentials = null,
            PreAuthenticate = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                var allowed = options.Value.AllowPrivateNetworkDownloads ? addresses : addresses.Where(a => IsAllowed(a, allowedNetworks)).ToArray();
                if (allowed.Length == 0)
                {
                    var reasons = string.Join("; ", addresses.Select(a => $"{a}: {AddressGuard.Check(a).Reason}"));
                    throw new DownloadRefusedException(RefusedMessage, $"'{host}' resolves only to addresses that are not global unicast ({reasons})");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }

    /// <summary>True for a global unicast address, or one inside a network the configuration allows.</summary>
    public static bool IsAllowed(IPAddress address, IReadOnlyCollection<IPNetwork> allowedNetworks)
    {
        if (AddressGuard.Check(address).IsPublic)
        {
            return true;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return allowedNetworks.Any(n => n.Contains(plain));
    }

    [LoggerMessage(310, LogLevel.Warning, "Refused to download an image: {Detail}")]
    private static partial void LogRefused(ILogger logger, string detail);
}

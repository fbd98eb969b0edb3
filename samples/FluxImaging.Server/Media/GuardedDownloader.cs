using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Media;

/// <summary>
/// Fetches upstream images for clients, guarded against server-side request forgery: http and https only, every
/// connection (redirects included) checked against the addresses the host name resolves to at connect time, so a name
/// that resolves to a private, loopback or link-local address is refused unless configured otherwise; size and time caps.
/// </summary>
internal sealed class GuardedDownloader(HttpClient http, IOptions<ServerOptions> options)
{
    public const string HttpClientName = "FluxImaging.Server.Downloads";

    /// <summary>The bytes of an image and its media type, sniffed from the bytes.</summary>
    public async Task<(byte[] Bytes, string MediaType, string Extension)> FetchAsync(GeneratedImage image, CancellationToken cancellationToken)
    {
        byte[] bytes;
        if (image.Data is not null || image.Uri is { Scheme: "data" })
        {
            bytes = (await image.ReadAllBytesAsync(cancellationToken).ConfigureAwait(false)).ToArray();
        }
        else
        {
            bytes = await DownloadAsync(image.Uri!, cancellationToken).ConfigureAwait(false);
        }

        return ImageFormats.TrySniff(bytes, out var mediaType, out var extension)
            ? (bytes, mediaType, extension)
            : throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The upstream's image is not a PNG, JPEG, WebP or GIF file.");
    }

    private async Task<byte[]> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Scheme is not ("http" or "https"))
        {
            throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"Refusing to download an image over {uri.Scheme}.");
        }

        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.DownloadTimeout);
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new FluxImagingException(FluxImagingErrorKind.UpstreamError, $"Downloading the upstream image failed with HTTP {(int)response.StatusCode}.", status: (int)response.StatusCode);
            }

            if (response.Content.Headers.ContentLength > limits.MaxDownloadBytes)
            {
                throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"The upstream image is larger than {limits.MaxDownloadBytes:N0} bytes.");
            }

            var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(chunk, timeout.Token).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limits.MaxDownloadBytes)
                    {
                        throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"The upstream image is larger than {limits.MaxDownloadBytes:N0} bytes.");
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.ToArray();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FluxImagingException(FluxImagingErrorKind.Timeout, $"Downloading the upstream image took longer than {limits.DownloadTimeout}.");
        }
        catch (HttpRequestException ex)
        {
            throw new FluxImagingException(FluxImagingErrorKind.UpstreamUnavailable, $"The upstream image could not be downloaded: {ex.Message}", innerException: ex);
        }
    }

    /// <summary>The connection handler: resolves, filters and connects in one step so a DNS answer cannot change in between.</summary>
    public static SocketsHttpHandler CreateHandler(IOptions<ServerOptions> options) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 5,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            var allowed = options.Value.AllowPrivateNetworkDownloads ? addresses : addresses.Where(IsPublic).ToArray();
            if (allowed.Length == 0)
            {
                throw new HttpRequestException($"Refusing to download from '{host}': it resolves only to private, loopback or link-local addresses (FluxImaging:Server:AllowPrivateNetworkDownloads is false).");
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

    /// <summary>True for an address on the public internet.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = address.GetAddressBytes()[0];
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 10
            || b[0] == 0
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
            || b[0] >= 224);
    }
}

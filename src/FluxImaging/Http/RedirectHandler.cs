using System.Net;
using FluxImaging.Providers;

namespace FluxImaging.Http;

/// <summary>
/// Follows redirects itself, because the framework's automatic redirects forward every header except
/// <c>Authorization</c> — an <c>x-zerogpu-token</c> or an API key in another header would reach whatever host a
/// redirect names. API calls follow a redirect only within their origin (same scheme, host and port, headers kept); a
/// redirect elsewhere is a typed error naming the target, and nothing is sent there. Image downloads
/// (<see cref="Download"/>) follow redirects anywhere over http(s), hop by hop, each hop a fresh request without the
/// original's headers, so host-scoped credentials are added again only where they belong.
/// </summary>
internal sealed class RedirectHandler(string? provider) : DelegatingHandler
{
    /// <summary>Marks a request as an image download.</summary>
    public static readonly HttpRequestOptionsKey<bool> Download = new("FluxImaging.Download");

    private const int MaxHops = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var download = request.Options.TryGetValue(Download, out var isDownload) && isDownload;
        var operation = Operations.Of(request);
        for (var hops = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hops++)
        {
            var from = request.RequestUri!;
            var target = location.IsAbsoluteUri ? location : new Uri(from, location);
            var status = (int)response.StatusCode;
            response.Dispose();
            if (hops == MaxHops)
            {
                throw Refused($"{operation} was redirected more than {MaxHops} times.", status);
            }

            if (target.Scheme is not ("http" or "https"))
            {
                throw Refused($"{operation} was redirected to a {UpstreamText.Echo(target.Scheme)}: URL; only http and https are followed.", status);
            }

            if (!download && !SameOrigin(from, target))
            {
                throw Refused(
                    $"{operation} was redirected to another host ({UpstreamText.Echo(target.Authority)}); API calls follow redirects only within {from.Authority}, so nothing was sent there.",
                    status);
            }

            request = download ? NextHop(request, target) : SameOriginHop(request, target, status);
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    // 307 and 308 repeat the request as it was; 301, 302 and 303 turn a POST into a GET without a body, as browsers do.
    private static HttpRequestMessage SameOriginHop(HttpRequestMessage request, Uri target, int status)
    {
        var keepsMethod = status is 307 or 308 || request.Method == HttpMethod.Get || request.Method == HttpMethod.Head;
        var next = new HttpRequestMessage(keepsMethod ? request.Method : HttpMethod.Get, target)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
            Content = keepsMethod ? request.Content : null,
        };
        foreach (var header in request.Headers)
        {
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        CopyOptions(request, next);
        return next;
    }

    private static HttpRequestMessage NextHop(HttpRequestMessage request, Uri target)
    {
        var next = new HttpRequestMessage(HttpMethod.Get, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var accept in request.Headers.Accept)
        {
            next.Headers.Accept.Add(accept);
        }

        if (request.Headers.UserAgent.Count > 0)
        {
            foreach (var product in request.Headers.UserAgent)
            {
                next.Headers.UserAgent.Add(product);
            }
        }

        CopyOptions(request, next);
        return next;
    }

    private static void CopyOptions(HttpRequestMessage from, HttpRequestMessage to)
    {
        IDictionary<string, object?> target = to.Options;
        foreach (var (key, value) in from.Options)
        {
            target[key] = value;
        }
    }

    private FluxImagingException Refused(string message, int status) =>
        new(FluxImagingErrorKind.ProtocolViolation, message, provider, status);
}

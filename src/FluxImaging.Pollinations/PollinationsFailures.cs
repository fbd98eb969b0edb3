using System.Text;
using FluxImaging.Providers;

namespace FluxImaging.Pollinations;

/// <summary>
/// Turns a failed Pollinations answer into one typed error, per the service's error table: the status gives the kind
/// (through the kit's <see cref="UpstreamHttp.FailureAsync"/>, which also reads <c>Retry-After</c> and recognises
/// Cloudflare challenges) and the body's innermost message refines it, since the service says "queue full", "content
/// prohibited" and "hourly limit" under statuses that do not.
/// </summary>
internal static class PollinationsFailures
{
    // Enough for every JSON error the service sends and the title of any error page; a larger body is not read.
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task<FluxImagingException> FromResponseAsync(UpstreamHttp http, HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var body = await ReadPrefixAsync(response, cancellationToken).ConfigureAwait(false);

        // The kit reads the body it is given; hand it a copy, since this one has been read.
        using var replay = Replay(response, body);
        var failure = await http.FailureAsync(replay, operation, cancellationToken: cancellationToken).ConfigureAwait(false);

        var status = (int)response.StatusCode;
        var text = Encoding.UTF8.GetString(body);
        var isHtml = (response.Content.Headers.ContentType?.MediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false)
            || text.AsSpan().TrimStart().StartsWith("<", StringComparison.Ordinal);
        if (isHtml && failure.Kind == FluxImagingErrorKind.UpstreamUnavailable && status < 500)
        {
            return failure; // a Cloudflare challenge, already named so by the kit
        }

        var detail = PollinationsErrorText.MessageOf(text);
        var kind = Classify(status, failure.Kind, detail, isHtml);
        var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;
        var what = $"{operation} failed with HTTP {status} ({UpstreamText.Clean(reason)})";
        var message = detail.Length == 0 ? $"{what}." : $"{what}: {detail}";
        if (kind == FluxImagingErrorKind.NotFound && detail.Contains("Invalid enum value", StringComparison.OrdinalIgnoreCase))
        {
            message += $" Is {FluxImagingOptions.SectionName}:Providers:{PollinationsProvider.ProviderName}:Model a model the service knows?";
        }

        return new FluxImagingException(kind, message, http.Name, status, failure.RetryAfter);
    }

    private static FluxImagingErrorKind Classify(int status, FluxImagingErrorKind byStatus, string detail, bool isHtml)
    {
        if (status >= 500 && isHtml)
        {
            return FluxImagingErrorKind.UpstreamUnavailable; // an error page of the CDN or a proxy: the origin is down
        }

        if (Says(detail, "Queue full"))
        {
            return FluxImagingErrorKind.RateLimited;
        }

        if (status == 402 || Says(detail, "Hourly limit reached"))
        {
            return FluxImagingErrorKind.QuotaExceeded;
        }

        if (Says(detail, "Content is prohibited") || Says(detail, "content violations"))
        {
            return FluxImagingErrorKind.InvalidRequest;
        }

        if (Says(detail, "Invalid enum value"))
        {
            return FluxImagingErrorKind.NotFound; // the origin's validation refused the model
        }

        return byStatus;
    }

    private static bool Says(string detail, string phrase) => detail.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    private static HttpResponseMessage Replay(HttpResponseMessage response, byte[] body)
    {
        var replay = new HttpResponseMessage(response.StatusCode)
        {
            ReasonPhrase = response.ReasonPhrase,
            RequestMessage = response.RequestMessage,
            Version = response.Version,
            Content = new ByteArrayContent(body),
        };
        foreach (var header in response.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var header in response.Content.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            replay.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return replay;
    }

    private static async Task<byte[]> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxBodyBytes];
                var total = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return buffer.AsSpan(0, total).ToArray();
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status alone still says what happened.
            return [];
        }
    }
}

using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.Http;

/// <summary>Turns an unsuccessful upstream HTTP answer into a <see cref="FluxImagingException"/> of the right kind.</summary>
internal static class UpstreamFailure
{
    // Enough for any JSON error or the title of an error page; a larger body is not read.
    private const int MaxBodyBytes = 16 * 1024;

    /// <summary>
    /// Reads at most the first 16 KiB of the body for a message (JSON <c>detail</c>, <c>error</c> or <c>message</c>; the
    /// text of an HTML page; Cloudflare challenges recognised) and maps the status to a kind. Disposes nothing.
    /// </summary>
    /// <param name="provider">The provider, for the error.</param>
    /// <param name="response">The upstream answer.</param>
    /// <param name="operation">What was being done, e.g. <c>POST /call/infer</c> — never a URL with its query.</param>
    /// <param name="timeProvider">The clock for an HTTP-date <c>Retry-After</c>.</param>
    /// <param name="cancellationToken">Cancels reading the body.</param>
    /// <param name="insteadOf">When the status was fine but the body is not what was asked for: what was expected (e.g. <c>an image</c>, <c>JSON</c>).</param>
    public static async Task<FluxImagingException> FromResponseAsync(
        string? provider,
        HttpResponseMessage response,
        string operation,
        TimeProvider timeProvider,
        CancellationToken cancellationToken,
        string? insteadOf = null)
    {
        var body = await ReadPrefixAsync(response, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfter.From(response, timeProvider);

        if (UpstreamText.IsCloudflarePage(body))
        {
            return new FluxImagingException(
                FluxImagingErrorKind.UpstreamUnavailable,
                $"{operation} was blocked by a Cloudflare challenge page (HTTP {status}); the service cannot be used from here without a browser session.",
                provider,
                status,
                retryAfter);
        }

        var detail = ExtractMessage(body);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var kind = insteadOf is null
            ? FluxImagingException.KindFromStatus(response.StatusCode)
            : UpstreamText.IsHtml(body) || (mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false)
                ? FluxImagingErrorKind.UpstreamUnavailable // an error or maintenance page where data was expected
                : FluxImagingErrorKind.ProtocolViolation;
        var what = insteadOf is null
            ? $"{operation} failed with HTTP {status} ({ReasonPhrase(response)})"
            : $"{operation} returned {mediaType ?? "an unlabelled body"} instead of {insteadOf}";
        var message = detail.Length == 0 ? $"{what}." : $"{what}: {detail}";
        return new FluxImagingException(kind, message, provider, status, retryAfter);
    }

    /// <summary>
    /// The most useful message in an error body: JSON <c>detail</c>/<c>error</c>/<c>message</c>/<c>msg</c> (a status
    /// phrase and a message together when both are given; a field path before a validation message; JSON inside a
    /// string unwrapped), else its cleaned text.
    /// </summary>
    public static string ExtractMessage(string body) => ExtractMessage(body, depth: 0);

    private static string ExtractMessage(string body, int depth)
    {
        if (body.Length == 0)
        {
            return string.Empty;
        }

        var trimmed = body.AsSpan().TrimStart();
        if (depth < 3 && trimmed.Length > 0 && trimmed[0] is '{' or '[' or '"')
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var text = MessageOf(document.RootElement);
                if (!string.IsNullOrWhiteSpace(text))
                {
                    // Gateways wrap an origin's JSON error as a string: {"error": {"message": "{\"error\": …}"}}.
                    return text.AsSpan().TrimStart() is [ '{' or '[', ..] ? ExtractMessage(text, depth + 1) : UpstreamText.Clean(text);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all (or cut at the read limit): fall through to the text.
            }
        }

        return UpstreamText.Clean(body);
    }

    private static string? MessageOf(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Array:
                var parts = element.EnumerateArray().Select(MessageOf).Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
                return parts.Count == 0 ? null : string.Join("; ", parts);
            case JsonValueKind.Object:
                // A status phrase next to the text ({"error": "Too Many Requests", "message": "Queue full for IP …"}).
                if (StringOf(element, "error") is { Length: > 0 } phrase && StringOf(element, "message") is { Length: > 0 } said && phrase != said)
                {
                    return $"{phrase}: {said}";
                }

                foreach (var name in (ReadOnlySpan<string>)["detail", "error", "message", "msg"])
                {
                    if (element.TryGetProperty(name, out var value) && MessageOf(value) is { Length: > 0 } text)
                    {
                        // Validation errors (FastAPI's msg, gpt4free's message) name the field in loc.
                        if (name is "msg" or "message" && element.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array)
                        {
                            return $"{string.Join('.', loc.EnumerateArray().Select(l => l.ToString()))}: {text}";
                        }

                        return text;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string ReasonPhrase(HttpResponseMessage response) =>
        string.IsNullOrWhiteSpace(response.ReasonPhrase) ? response.StatusCode.ToString() : response.ReasonPhrase;

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var _ = stream.ConfigureAwait(false);
            var buffer = new byte[MaxBodyBytes];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return UpstreamText.Decode(buffer.AsSpan(0, total));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status alone still says what happened.
            return string.Empty;
        }
    }
}

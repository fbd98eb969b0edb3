using System.Text;
using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.OpenAI.Dialects;

/// <summary>
/// gpt4free's 422: pydantic's <c>{"detail":[{"loc":["body","guidance_scale"],"message":"…","type":"int_from_float"}]}</c>
/// (FastAPI's own handler says <c>msg</c>), turned into an <see cref="FluxImagingErrorKind.InvalidRequest"/> that names
/// each rejected field.
/// </summary>
internal static class G4FValidationErrors
{
    // Enough for any list of field errors; a larger body is not read.
    private const int MaxBodyBytes = 16 * 1024;

    public static async Task<FluxImagingException> ReadAsync(HttpResponseMessage response, string provider, string operation, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await ReadPrefixAsync(response, cancellationToken).ConfigureAwait(false);
        var detail = Fields(text) ?? UpstreamText.Clean(text);
        var what = $"{operation} was rejected by the gpt4free server's validation (HTTP {status})";
        return new FluxImagingException(FluxImagingErrorKind.InvalidRequest, detail.Length == 0 ? $"{what}." : $"{what}: {detail}", provider, status);
    }

    /// <summary><c>guidance_scale: Input should be …; seed: …</c>, or null when the body is not a detail list.</summary>
    internal static string? Fields(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var parts = new List<string>();
            foreach (var entry in detail.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var message = (entry.TryGetProperty("message", out var m) || entry.TryGetProperty("msg", out m)) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var field = entry.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array
                    ? string.Join('.', loc.EnumerateArray().Select(l => l.ToString()).SkipWhile(l => l == "body"))
                    : string.Empty;
                if (!string.IsNullOrWhiteSpace(message))
                {
                    parts.Add(UpstreamText.Clean(field.Length == 0 ? message : $"{field}: {message}"));
                }
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxBodyBytes];
                var total = 0;
                int read;
                while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status alone still says what happened.
            return string.Empty;
        }
    }
}

using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.Pollinations;

/// <summary>
/// The message a Pollinations error body carries, whichever of its shapes it has: the legacy
/// <c>{"error":"Too Many Requests","message":"Queue full for IP …"}</c> (the <c>message</c> is the useful part), the
/// gateway's <c>{"error":{"code":…,"message":…,"details":{"fieldErrors":…}}}</c>, x402's <c>{"error":"Queue full …"}</c>,
/// and messages that are themselves JSON in a string (an origin error relayed by the gateway, a serialised zod issue
/// list), whose innermost message is the one that says what happened.
/// </summary>
internal static class PollinationsErrorText
{
    private const int MaxDepth = 4;

    /// <summary>The innermost message of <paramref name="body"/>, cleaned for display; the cleaned text (an HTML page's title) when it is not JSON; empty when there is nothing.</summary>
    public static string MessageOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        return TryParse(body, out var root) && Innermost(root, 0) is { Length: > 0 } message
            ? UpstreamText.Clean(message)
            : UpstreamText.Clean(body);
    }

    private static string? Innermost(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString();
                return depth < MaxDepth && text is not null && TryParse(text, out var nested) && Innermost(nested, depth + 1) is { Length: > 0 } inner
                    ? inner
                    : text;
            case JsonValueKind.Array:
                var parts = element.EnumerateArray().Select(e => Innermost(e, depth + 1)).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).ToList();
                return parts.Count == 0 ? null : string.Join("; ", parts);
            case JsonValueKind.Object:
                foreach (var name in (ReadOnlySpan<string>)["message", "error", "detail"])
                {
                    if (element.TryGetProperty(name, out var value) && Innermost(value, depth + 1) is { Length: > 0 } message)
                    {
                        return FieldErrors(element) is { Length: > 0 } fields ? $"{message} ({fields})" : message;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // The gateway's 400 names the parameters it refused under details.fieldErrors: {"width":["Expected number, received nan"]}.
    private static string? FieldErrors(JsonElement error)
    {
        if (!error.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Object
            || !details.TryGetProperty("fieldErrors", out var fields) || fields.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = fields.EnumerateObject()
            .Select(f => $"{f.Name}: {(f.Value.ValueKind == JsonValueKind.Array ? string.Join(", ", f.Value.EnumerateArray().Select(v => v.ToString())) : f.Value.ToString())}")
            .ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static bool TryParse(string text, out JsonElement root)
    {
        root = default;
        var start = text.AsSpan().TrimStart();
        if (start.Length == 0 || start[0] is not ('{' or '[' or '"'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            // Not JSON after all (or cut at the read limit): the text is the message.
            return false;
        }
    }
}

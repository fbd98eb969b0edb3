using System.Globalization;
using System.Text.RegularExpressions;
using FluxImaging.Providers;

namespace FluxImaging.Gradio.Errors;

/// <summary>
/// Turns what a Gradio app reports as an error (a <c>gr.Error</c> text and title, a hidden <c>null</c>, an
/// unexpected-error message) into a <see cref="FluxImagingException"/> of the right kind. ZeroGPU's texts follow
/// zerogpu.md §3: the title first, then the text; queue conditions win over the quota title. The texts change between
/// releases of the <c>spaces</c> package, so matching is loose.
/// </summary>
internal static partial class GradioErrors
{
    private static readonly TimeSpan BusyBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PendingCreditsBackoff = TimeSpan.FromSeconds(10);

    /// <summary>Classifies an error text from a Space (null when the server hides it) and an optional title.</summary>
    public static FluxImagingException Classify(string provider, string? text, string? title, string whenHidden)
    {
        // Gradio 4.x sends gr.Error texts repr()-quoted: 'text'.
        if (text is { Length: >= 2 } && text[0] == '\'' && text[^1] == '\'')
        {
            text = text[1..^1];
        }

        var clean = UpstreamText.Clean(text);
        title = UpstreamText.Clean(title);
        // Without a text only a ZeroGPU title still says something ("Error" says nothing).
        if (clean.Length == 0 && !title.StartsWith("ZeroGPU", StringComparison.OrdinalIgnoreCase))
        {
            return new FluxImagingException(FluxImagingErrorKind.UpstreamError, whenHidden, provider);
        }

        var message = clean.Length == 0 ? title : clean;
        var (kind, retryAfter, hint) = Kind(clean, title);
        return new FluxImagingException(kind, hint is null ? message : $"{message} {hint}", provider, retryAfter: retryAfter);
    }

    /// <summary>The wait a quota text asks for (<c>Try again in 0:05:17</c>, <c>1 day, 2:03:04</c>, older <c>retry in 0:09:48</c>), rounded up to whole seconds.</summary>
    public static TimeSpan? RetryHint(string text)
    {
        var match = RetryInRegex().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var days = match.Groups["d"].Success ? long.Parse(match.Groups["d"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var seconds = (days * 86400)
            + (long.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture) * 3600)
            + (long.Parse(match.Groups["m"].ValueSpan, CultureInfo.InvariantCulture) * 60)
            + long.Parse(match.Groups["s"].ValueSpan, CultureInfo.InvariantCulture)
            + (match.Groups["f"].Success && match.Groups["f"].ValueSpan.ContainsAnyExcept('0') ? 1 : 0);
        return TimeSpan.FromSeconds(seconds);
    }

    private static (FluxImagingErrorKind Kind, TimeSpan? RetryAfter, string? Hint) Kind(string text, string title)
    {
        // A queue condition, even under the quota title: capacity, not quota.
        if (Has(text, "No GPU was available") || Has(text, "No GPU is currently available") || Is(title, "ZeroGPU queue timeout"))
        {
            return (FluxImagingErrorKind.UpstreamUnavailable, BusyBackoff, null);
        }

        if (Is(title, "ZeroGPU client error") && Has(text, "Expired ZeroGPU proxy token"))
        {
            return (FluxImagingErrorKind.UpstreamUnavailable, TimeSpan.Zero, null);
        }

        if (Is(title, "ZeroGPU pending credits exceeded") || Has(text, "too many ZeroGPU credits"))
        {
            return (FluxImagingErrorKind.RateLimited, PendingCreditsBackoff, null);
        }

        if (Has(text, "Space app has reached its GPU limit"))
        {
            return (FluxImagingErrorKind.QuotaExceeded, null, "(The request was billed to the Space's shared pool: set HuggingFaceToken to use your own quota.)");
        }

        if (Has(text, "runs limit"))
        {
            return (FluxImagingErrorKind.QuotaExceeded, null, null);
        }

        if (Is(title, "ZeroGPU quota exceeded") || QuotaRegex().IsMatch(text))
        {
            return (FluxImagingErrorKind.QuotaExceeded, RetryHint(text), null);
        }

        if (Is(title, "ZeroGPU illegal duration") || Has(text, "is larger than the maximum allowed"))
        {
            return (FluxImagingErrorKind.UpstreamError, null, "(The Space asks for more GPU time than ZeroGPU allows: a Space bug.)");
        }

        if (Is(title, "ZeroGPU worker error") || Is(title, "ZeroGPU client error"))
        {
            return (FluxImagingErrorKind.UpstreamError, null, null);
        }

        if (InvalidInputRegex().IsMatch(text))
        {
            return (FluxImagingErrorKind.InvalidRequest, null, null);
        }

        if (NotFoundRegex().IsMatch(text))
        {
            return (FluxImagingErrorKind.NotFound, null, "(The Space no longer knows this job.)");
        }

        return (FluxImagingErrorKind.UpstreamError, null, null);
    }

    private static bool Has(string text, string fragment) => text.Contains(fragment, StringComparison.OrdinalIgnoreCase);

    private static bool Is(string title, string expected) => string.Equals(title, expected, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"GPU quota|ZeroGPU quota|\d+s requested vs\. \d+s left|\d+s left vs\. \d+s requested", RegexOptions.IgnoreCase)]
    private static partial Regex QuotaRegex();

    [GeneratedRegex(@"(?:try again|retry) in (?:(?<d>\d+) days?, )?(?<h>\d+):(?<m>\d{2}):(?<s>\d{2})(?:\.(?<f>\d+))?", RegexOptions.IgnoreCase)]
    private static partial Regex RetryInRegex();

    [GeneratedRegex(@"is (greater|less) than (maximum|minimum) value", RegexOptions.IgnoreCase)]
    private static partial Regex InvalidInputRegex();

    [GeneratedRegex(@"^404\b|Session not found", RegexOptions.IgnoreCase)]
    private static partial Regex NotFoundRegex();
}

using FluxImaging.Providers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FluxImaging.Gradio.Errors;

/// <summary>
/// Turns what a Gradio app reports as an error (a <c>gr.Error</c> text, a hidden <c>null</c>, an unexpected-error
/// message) into a <see cref="FluxImagingException"/> of the right kind. The texts change over time, so matching is loose.
/// </summary>
internal static partial class GradioErrors
{
    /// <summary>Classifies an error text from a Space (null when the server hides it) and an optional title.</summary>
    public static FluxImagingException Classify(string provider, string? text, string? title, string whenHidden)
    {
        if (text is null)
        {
            return new FluxImagingException(FluxImagingErrorKind.UpstreamError, whenHidden, provider);
        }

        // Gradio 4.x sends gr.Error texts repr()-quoted: 'text'.
        if (text.Length >= 2 && text[0] == '\'' && text[^1] == '\'')
        {
            text = text[1..^1];
        }

        var clean = UpstreamText.Clean(text);
        if (clean.Length == 0)
        {
            return new FluxImagingException(FluxImagingErrorKind.UpstreamError, whenHidden, provider);
        }

        if (QuotaRegex().IsMatch(clean) || string.Equals(title, "ZeroGPU quota exceeded", StringComparison.OrdinalIgnoreCase))
        {
            return new FluxImagingException(FluxImagingErrorKind.QuotaExceeded, clean, provider, retryAfter: RetryHint(clean));
        }

        if (clean.Contains("No GPU is currently available", StringComparison.OrdinalIgnoreCase))
        {
            return new FluxImagingException(FluxImagingErrorKind.UpstreamUnavailable, clean, provider, retryAfter: TimeSpan.FromSeconds(5));
        }

        if (InvalidInputRegex().IsMatch(clean) || string.Equals(title, "ZeroGPU illegal duration", StringComparison.OrdinalIgnoreCase))
        {
            return new FluxImagingException(FluxImagingErrorKind.InvalidRequest, clean, provider);
        }

        if (NotFoundRegex().IsMatch(clean))
        {
            return new FluxImagingException(FluxImagingErrorKind.NotFound, $"The Space no longer knows this job: {clean}", provider);
        }

        return new FluxImagingException(FluxImagingErrorKind.UpstreamError, clean, provider);
    }

    /// <summary>The wait a quota text suggests (<c>retry in 0:09:48</c>), when it suggests one.</summary>
    public static TimeSpan? RetryHint(string text)
    {
        var match = RetryInRegex().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var hours = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var minutes = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        var seconds = int.Parse(match.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
        return new TimeSpan(hours, minutes, seconds);
    }

    [GeneratedRegex("GPU quota|ZeroGPU quota", RegexOptions.IgnoreCase)]
    private static partial Regex QuotaRegex();

    [GeneratedRegex(@"retry in (\d+):(\d{2}):(\d{2})", RegexOptions.IgnoreCase)]
    private static partial Regex RetryInRegex();

    [GeneratedRegex(@"is (greater|less) than (maximum|minimum) value|requested GPU duration .* is larger than the maximum allowed", RegexOptions.IgnoreCase)]
    private static partial Regex InvalidInputRegex();

    [GeneratedRegex(@"^404\b|Session not found", RegexOptions.IgnoreCase)]
    private static partial Regex NotFoundRegex();
}

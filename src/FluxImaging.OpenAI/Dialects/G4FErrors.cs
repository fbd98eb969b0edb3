using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace FluxImaging.OpenAI.Dialects;

/// <summary>
/// Reads gpt4free's failures, which arrive as 500 with <c>{"error":{"message":"&lt;Class&gt;: &lt;text&gt;"}}</c> whatever
/// they mean (<c>openai-images.md</c> §A.8, §D): the upstream's quota and capacity texts first (ZeroGPU's, as
/// <c>zerogpu.md</c> §3 orders them), then the exception class.
/// </summary>
internal static partial class G4FErrors
{
    public static FluxImagingException Classify(FluxImagingException failure)
    {
        var text = failure.Message;
        var (kind, retryAfter) = KindOf(text);
        kind ??= failure.Kind;
        retryAfter = failure.RetryAfter ?? retryAfter;
        return kind == failure.Kind && retryAfter == failure.RetryAfter
            ? failure
            : new FluxImagingException(kind.Value, text, failure.Provider, failure.Status, retryAfter, failure);
    }

    private static (FluxImagingErrorKind? Kind, TimeSpan? RetryAfter) KindOf(string text)
    {
        // A queue condition, even under ZeroGPU's quota title.
        if (text.Contains("No GPU was available", StringComparison.OrdinalIgnoreCase))
        {
            return (FluxImagingErrorKind.UpstreamUnavailable, null);
        }

        if (text.Contains("too many ZeroGPU credits", StringComparison.OrdinalIgnoreCase))
        {
            return (FluxImagingErrorKind.RateLimited, null);
        }

        if (QuotaRegex().IsMatch(text))
        {
            return (FluxImagingErrorKind.QuotaExceeded, RetryHint(text));
        }

        if (ClassRegex().Match(text) is { Success: true } match)
        {
            return match.Groups["class"].Value switch
            {
                "RateLimitError" => (FluxImagingErrorKind.RateLimited, null),
                "MissingAuthError" or "AuthenticationRequiredError" or "MissingAccessToken" => (FluxImagingErrorKind.Unauthorized, null),
                "ModelNotFoundError" or "ProviderNotFoundError" or "ModelNotSupportedError" => (FluxImagingErrorKind.NotFound, null),
                "CloudflareError" or "ProviderNotWorkingError" => (FluxImagingErrorKind.UpstreamUnavailable, null),
                "TimeoutError" => (FluxImagingErrorKind.Timeout, null),
                "ResponseStatusError" when match.Groups["status"].Success => (FluxImagingException.KindFromStatus((HttpStatusCode)int.Parse(match.Groups["status"].ValueSpan, CultureInfo.InvariantCulture)), null),
                _ => (null, null),
            };
        }

        return (null, null);
    }

    /// <summary>The wait a quota text suggests: <c>Try again in 0:05:17</c>, <c>1 day, 2:03:04</c>, or the older <c>retry in 0:09:48</c>.</summary>
    internal static TimeSpan? RetryHint(string text)
    {
        var match = RetryInRegex().Match(text);
        if (!match.Success)
        {
            return null;
        }

        static int Number(Group group) => group.Success ? int.Parse(group.ValueSpan, CultureInfo.InvariantCulture) : 0;
        var wait = new TimeSpan(Number(match.Groups["d"]), Number(match.Groups["h"]), Number(match.Groups["m"]), Number(match.Groups["s"]));
        return match.Groups["fraction"].Success ? wait + TimeSpan.FromSeconds(1) : wait;
    }

    [GeneratedRegex(@"GPU quota|ZeroGPU quota|ZeroGPU runs limit|reached its GPU limit|insufficient_quota|exceeded your current quota", RegexOptions.IgnoreCase)]
    private static partial Regex QuotaRegex();

    [GeneratedRegex(@"\b(?<class>RateLimitError|MissingAuthError|AuthenticationRequiredError|MissingAccessToken|ModelNotFoundError|ProviderNotFoundError|ModelNotSupportedError|CloudflareError|ProviderNotWorkingError|TimeoutError|ResponseStatusError): (?:Response (?<status>[45]\d\d)\b)?")]
    private static partial Regex ClassRegex();

    [GeneratedRegex(@"(?:try again|retry) in (?:(?<d>\d+) days?, )?(?<h>\d+):(?<m>\d{2}):(?<s>\d{2})(?<fraction>\.\d+)?", RegexOptions.IgnoreCase)]
    private static partial Regex RetryInRegex();
}

using System.Net.Http.Headers;

namespace FluxImaging.Http;

/// <summary>Reads how long an upstream asked us to wait, in one tested place.</summary>
internal static class RetryAfter
{
    /// <summary>
    /// The delay from <c>Retry-After</c> (seconds or an HTTP date) or <c>retry-after-ms</c>; null when absent or unparsable.
    /// A date in the past becomes <see cref="TimeSpan.Zero"/>.
    /// </summary>
    public static TimeSpan? From(HttpResponseMessage response, TimeProvider timeProvider)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var msValues)
            && double.TryParse(msValues.FirstOrDefault(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return From(response.Headers.RetryAfter, timeProvider);
    }

    /// <summary>The delay a parsed <c>Retry-After</c> header stands for.</summary>
    public static TimeSpan? From(RetryConditionHeaderValue? header, TimeProvider timeProvider)
    {
        if (header is null)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}

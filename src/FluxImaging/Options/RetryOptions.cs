namespace FluxImaging;

/// <summary>How failed HTTP requests are retried (408, 429, 500, 502, 503, 504 and connection failures).</summary>
public sealed class RetryOptions
{
    /// <summary>The most attempts per HTTP request, the first included. Default 3; 1 turns retries off.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; later ones grow exponentially, with jitter. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most time one HTTP request may take with all its attempts and delays. A <c>Retry-After</c> that does not fit in
    /// what is left is not waited for: the error is returned with its <see cref="FluxImagingException.RetryAfter"/>. Default 2 minutes.
    /// </summary>
    public TimeSpan Budget { get; set; } = TimeSpan.FromMinutes(2);
}

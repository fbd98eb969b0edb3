namespace FluxImaging;

/// <summary>
/// What went wrong, in a form a program can act on. Cancellation is not a kind: it surfaces as
/// <see cref="OperationCanceledException"/>.
/// </summary>
public enum FluxImagingErrorKind
{
    /// <summary>The upstream failed in a way that fits no other kind (an error event, a 5xx answer, a hidden exception).</summary>
    UpstreamError = 0,

    /// <summary>The upstream asked us to slow down (HTTP 429); see <see cref="FluxImagingException.RetryAfter"/>.</summary>
    RateLimited,

    /// <summary>A usage quota is used up (for example the ZeroGPU quota); retrying soon with the same identity will not help.</summary>
    QuotaExceeded,

    /// <summary>The upstream could not be reached, is busy (queue full, no GPU), or answered with a challenge or error page.</summary>
    UpstreamUnavailable,

    /// <summary>The upstream answered with something the protocol does not allow (bad JSON, a missing id, a stream that ended without a result).</summary>
    ProtocolViolation,

    /// <summary>A bounded wait ran out: time to response headers, the idle timeout of a stream, or the generation deadline.</summary>
    Timeout,

    /// <summary>The upstream refused our credentials (HTTP 401/403).</summary>
    Unauthorized,

    /// <summary>The model, provider, job or file does not exist.</summary>
    NotFound,

    /// <summary>The request was rejected as invalid (HTTP 400/422, or a value outside the upstream's range).</summary>
    InvalidRequest,
}

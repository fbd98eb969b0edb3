namespace FluxImaging.Cli;

/// <summary>Process exit codes, one per error kind, so scripts can react without parsing text (documented in the README).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int Cancelled = 130;

    public static int For(FluxImagingErrorKind kind) => kind switch
    {
        FluxImagingErrorKind.RateLimited => 3,
        FluxImagingErrorKind.QuotaExceeded => 4,
        FluxImagingErrorKind.UpstreamError => 5,
        FluxImagingErrorKind.UpstreamUnavailable => 6,
        FluxImagingErrorKind.ProtocolViolation => 7,
        FluxImagingErrorKind.Timeout => 8,
        FluxImagingErrorKind.Unauthorized => 9,
        FluxImagingErrorKind.NotFound => 10,
        FluxImagingErrorKind.InvalidRequest => 11,
        _ => Unexpected,
    };

    /// <summary>The snake_case name used in <c>--json</c> error lines.</summary>
    public static string Name(FluxImagingErrorKind kind) => kind switch
    {
        FluxImagingErrorKind.RateLimited => "rate_limited",
        FluxImagingErrorKind.QuotaExceeded => "quota_exceeded",
        FluxImagingErrorKind.UpstreamError => "upstream_error",
        FluxImagingErrorKind.UpstreamUnavailable => "unavailable",
        FluxImagingErrorKind.ProtocolViolation => "protocol",
        FluxImagingErrorKind.Timeout => "timeout",
        FluxImagingErrorKind.Unauthorized => "unauthorized",
        FluxImagingErrorKind.NotFound => "not_found",
        FluxImagingErrorKind.InvalidRequest => "invalid_request",
        _ => "upstream_error",
    };
}

namespace FluxImaging.Http;

/// <summary>The errors for limits that were passed, worded the same way everywhere.</summary>
internal static class UpstreamLimits
{
    public static FluxImagingException TooLarge(string? provider, string what, long maxBytes, string setting) => new(
        FluxImagingErrorKind.ProtocolViolation,
        $"{what} exceeded the limit of {Describe(maxBytes)} ({setting}).",
        provider);

    public static string Describe(long bytes) => bytes switch
    {
        >= 1024 * 1024 when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        >= 1024 when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes:N0} bytes",
    };
}

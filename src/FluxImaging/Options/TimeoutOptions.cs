namespace FluxImaging;

/// <summary>How long FluxImaging waits; every wait is bounded.</summary>
public sealed class TimeoutOptions
{
    /// <summary>The longest wait for the response headers of one HTTP attempt. Default 30 seconds.</summary>
    public TimeSpan Attempt { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a response stream may stay silent (no bytes, not even a heartbeat). Default 60 seconds.</summary>
    public TimeSpan Idle { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest one generation may take from first request to final image, queue time included. Default 10 minutes.</summary>
    public TimeSpan Generation { get; set; } = TimeSpan.FromMinutes(10);
}

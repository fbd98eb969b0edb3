namespace FluxImaging;

/// <summary>Per-provider overrides of <see cref="TimeoutOptions"/>; unset values use the shared ones.</summary>
public sealed class ProviderTimeoutOptions
{
    /// <summary>Overrides <see cref="TimeoutOptions.Attempt"/>.</summary>
    public TimeSpan? Attempt { get; set; }

    /// <summary>Overrides <see cref="TimeoutOptions.Idle"/>.</summary>
    public TimeSpan? Idle { get; set; }

    /// <summary>Overrides <see cref="TimeoutOptions.Generation"/>.</summary>
    public TimeSpan? Generation { get; set; }

    internal TimeoutOptions Over(TimeoutOptions shared) => new()
    {
        Attempt = Attempt ?? shared.Attempt,
        Idle = Idle ?? shared.Idle,
        Generation = Generation ?? shared.Generation,
    };
}

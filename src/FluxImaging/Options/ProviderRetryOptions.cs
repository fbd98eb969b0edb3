namespace FluxImaging;

/// <summary>Per-provider overrides of <see cref="RetryOptions"/>; unset values use the shared ones.</summary>
public sealed class ProviderRetryOptions
{
    /// <summary>Overrides <see cref="RetryOptions.MaxAttempts"/>.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Overrides <see cref="RetryOptions.BaseDelay"/>.</summary>
    public TimeSpan? BaseDelay { get; set; }

    /// <summary>Overrides <see cref="RetryOptions.Budget"/>.</summary>
    public TimeSpan? Budget { get; set; }

    internal RetryOptions Over(RetryOptions shared) => new()
    {
        MaxAttempts = MaxAttempts ?? shared.MaxAttempts,
        BaseDelay = BaseDelay ?? shared.BaseDelay,
        Budget = Budget ?? shared.Budget,
    };
}

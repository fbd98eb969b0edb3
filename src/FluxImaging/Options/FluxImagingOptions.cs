namespace FluxImaging;

/// <summary>Settings shared by every provider; bound from the <c>FluxImaging</c> configuration section.</summary>
public sealed class FluxImagingOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "FluxImaging";

    /// <summary>The model used when a request names none. Default <c>flux</c>.</summary>
    public string DefaultModel { get; set; } = "flux";

    /// <summary>Time limits; each provider may override them in its own <c>Timeouts</c> section.</summary>
    public TimeoutOptions Timeouts { get; set; } = new();

    /// <summary>Retries of failed HTTP requests.</summary>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>How many bytes are read from upstreams; each provider may override them in its own <c>Limits</c> section.</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>
    /// For a model or alias, the provider names to try in order (<c>FluxImaging:Routing:flux:0=BlackForestLabs</c>).
    /// Providers that serve the model but are not listed are tried after the listed ones, in the order their own
    /// priorities give. Without an entry, the providers' priorities decide (<see cref="ModelAlias.Priority"/>).
    /// </summary>
    public Dictionary<string, List<string>> Routing { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

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

    /// <summary>
    /// For a model or alias, the provider names to try in order (<c>FluxImaging:Routing:flux:0=BlackForestLabs</c>).
    /// Providers that serve the model but are not listed are tried after the listed ones, in registration order.
    /// Without an entry, <c>flux</c> tries <c>BlackForestLabs</c> before <c>Voodoohop</c>. (The built-in order is not
    /// pre-filled here because configuration binding appends to existing lists instead of replacing them.)
    /// </summary>
    public Dictionary<string, List<string>> Routing { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

namespace FluxImaging;

/// <summary>
/// One thing that happened while a provider generated images: a <see cref="Reasoning"/> (status and progress), an
/// <see cref="ImagePreview"/> (an intermediate image) or an <see cref="ImageResponse"/> (the final images).
/// </summary>
/// <remarks>The set of event types is closed: only FluxImaging defines them, so a <c>switch</c> over them can be complete.</remarks>
public abstract class ImageEvent
{
    private protected ImageEvent(string provider, string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentException.ThrowIfNullOrEmpty(model);
        Provider = provider;
        Model = model;
    }

    /// <summary>The name of the provider that produced the event (for example <c>BlackForestLabs</c>).</summary>
    public string Provider { get; }

    /// <summary>The model the provider ran, as the provider names it (for example <c>black-forest-labs-flux-1-dev</c>).</summary>
    public string Model { get; }

    /// <summary>The upstream message this event was made from, for diagnostics (for example a parsed JSON element); may be null.</summary>
    public object? RawRepresentation { get; init; }
}

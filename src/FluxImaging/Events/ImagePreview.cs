namespace FluxImaging;

/// <summary>
/// An intermediate image shown while the model still works. Previews are never final results: the final images come
/// only in an <see cref="ImageResponse"/>.
/// </summary>
public sealed class ImagePreview : ImageEvent
{
    /// <summary>Creates a preview event.</summary>
    /// <param name="provider">The provider that produced it.</param>
    /// <param name="model">The model the provider ran.</param>
    /// <param name="images">The preview images; at least one.</param>
    public ImagePreview(string provider, string model, IReadOnlyList<GeneratedImage> images)
        : base(provider, model)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfZero(images.Count);
        Images = images;
    }

    /// <summary>The preview images.</summary>
    public IReadOnlyList<GeneratedImage> Images { get; }

    /// <summary>The step this preview belongs to (1-based, counting previews when the upstream gives no step), when known.</summary>
    public int? Step { get; init; }

    /// <summary>The seed of the run, when the upstream reports it.</summary>
    public long? Seed { get; init; }
}

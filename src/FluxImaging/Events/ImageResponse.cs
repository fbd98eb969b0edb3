namespace FluxImaging;

/// <summary>The final images of a generation. A successful generation ends with exactly one of these.</summary>
public sealed class ImageResponse : ImageEvent
{
    /// <summary>Creates a final-image event.</summary>
    /// <param name="provider">The provider that produced it.</param>
    /// <param name="model">The model the provider ran.</param>
    /// <param name="images">The final images; at least one.</param>
    public ImageResponse(string provider, string model, IReadOnlyList<GeneratedImage> images)
        : base(provider, model)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfZero(images.Count);
        Images = images;
    }

    /// <summary>The final images.</summary>
    public IReadOnlyList<GeneratedImage> Images { get; }

    /// <summary>Alternative text for the images: the prompt as it was sent upstream.</summary>
    public string? AltText { get; init; }

    /// <summary>The seed the upstream used, when it reports it (pass it back in <see cref="ImageRequest.Seed"/> to reproduce the image).</summary>
    public long? Seed { get; init; }
}

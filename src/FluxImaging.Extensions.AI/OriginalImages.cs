using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI;

/// <summary>
/// Turns an <see cref="ImageGenerationRequest.OriginalImages"/> list into input images: <see cref="DataContent"/> as
/// is, a <see cref="UriContent"/> downloaded (bounded, without any provider's credentials, as images from outside are).
/// </summary>
internal static class OriginalImages
{
    public static async Task<IReadOnlyList<ImageInput>> ReadAsync(IEnumerable<AIContent> originals, CancellationToken cancellationToken)
    {
        var images = new List<ImageInput>();
        foreach (var content in originals)
        {
            images.Add(content switch
            {
                DataContent data when data.HasTopLevelMediaType("image") => new ImageInput(data.Data, data.MediaType, data.Name),
                UriContent uri when uri.HasTopLevelMediaType("image") => await DownloadAsync(uri.Uri, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException(
                    $"OriginalImages holds a {content.GetType().Name}{(content is DataContent or UriContent ? " that is not an image" : string.Empty)}; give images as DataContent or UriContent with an image/* media type.",
                    nameof(originals)),
            });
        }

        return images;
    }

    private static async Task<ImageInput> DownloadAsync(Uri uri, CancellationToken cancellationToken)
    {
        var bytes = await new GeneratedImage(uri).ReadAllBytesAsync(cancellationToken).ConfigureAwait(false);
        return ImageFormats.TrySniff(bytes.Span, out var mediaType, out _)
            ? new ImageInput(bytes, mediaType, uri.Segments[^1])
            : throw new FluxImagingException(FluxImagingErrorKind.InvalidRequest, $"The original image at {uri.GetLeftPart(UriPartial.Path)} is not a PNG, JPEG, WebP or GIF image.");
    }
}

using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI;

/// <summary>
/// Turns a <see cref="GeneratedImage"/> into the <see cref="AIContent"/> a Microsoft.Extensions.AI caller asked for.
/// </summary>
/// <remarks>
/// The media type always describes the image as the upstream made it, never the one
/// <see cref="ImageGenerationOptions.MediaType"/> asked for: FluxImaging does not transcode, and Microsoft's OpenAI adapter
/// likewise labels images with the format the service reports rather than the one requested. Bytes are labelled by
/// their own first bytes (PNG, JPEG, WebP, GIF); URLs by what the provider said, else by their extension.
/// </remarks>
internal static class GeneratedImageContent
{
    /// <summary>The label of bytes that are none of the formats we recognise and that the provider gave no type for.</summary>
    private const string UnknownBytes = "application/octet-stream";

    /// <summary>The label of a URL whose format neither the provider nor the URL tells; it is an image, nothing more is known.</summary>
    private const string UnknownImage = "image/*";

    /// <summary>
    /// A <see cref="UriContent"/> for an image at an <c>http</c> or <c>https</c> URL unless <paramref name="format"/>
    /// asks for data; otherwise (and for images that have no such URL) a <see cref="DataContent"/> with the bytes.
    /// </summary>
    public static async Task<AIContent> CreateAsync(GeneratedImage image, ImageGenerationResponseFormat? format, CancellationToken cancellationToken)
    {
        if (format != ImageGenerationResponseFormat.Data && image.Uri is { Scheme: "http" or "https" } uri)
        {
            return new UriContent(uri, image.MediaType ?? MediaTypeOf(uri)) { RawRepresentation = image };
        }

        var bytes = await image.ReadAllBytesAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = ImageFormats.TrySniff(bytes.Span, out var sniffed, out _) ? sniffed : image.MediaType ?? UnknownBytes;
        return new DataContent(bytes, mediaType) { RawRepresentation = image };
    }

    private static string MediaTypeOf(Uri uri) => Path.GetExtension(uri.AbsolutePath).ToUpperInvariant() switch
    {
        ".PNG" => "image/png",
        ".JPG" or ".JPEG" => "image/jpeg",
        ".WEBP" => "image/webp",
        ".GIF" => "image/gif",
        _ => UnknownImage,
    };
}

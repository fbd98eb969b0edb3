using FluxImaging.Server.Api.Fields;

namespace FluxImaging.Server.Api.Edits;

/// <summary>An image a client sent to edit: accepted only when its first bytes are a PNG, JPEG, WebP or GIF file, whatever its name or declared type say.</summary>
internal static class InputImageBytes
{
    /// <summary>The image, copied out of the request body (which goes back to its pool long before the edit ends).</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="fileName">The name it was sent under, if any.</param>
    /// <param name="field">The field to name in an error (<c>image</c>, <c>mask</c>, <c>images</c>).</param>
    /// <param name="description">How an error refers to this one image (<c>'image' part 2</c>).</param>
    public static ImageInput From(ReadOnlyMemory<byte> bytes, string? fileName, string field, string description)
    {
        if (bytes.IsEmpty)
        {
            throw new RequestFieldException(field, $"{description} is empty.");
        }

        return ImageFormats.TrySniff(bytes.Span, out var mediaType, out _)
            ? new ImageInput(bytes.ToArray(), mediaType, fileName)
            : throw new RequestFieldException(field, $"{description} is not a PNG, JPEG, WebP or GIF image.");
    }
}

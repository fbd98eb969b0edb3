namespace FluxImaging;

/// <summary>Recognises the image formats upstreams return from their first bytes, never from names or headers.</summary>
public static class ImageFormats
{
    /// <summary>How many leading bytes <see cref="TrySniff"/> needs to decide.</summary>
    public const int SniffLength = 12;

    /// <summary>Recognises PNG, JPEG, WebP and GIF from the first bytes of a file.</summary>
    /// <param name="header">At least the first <see cref="SniffLength"/> bytes (fewer only for a shorter file).</param>
    /// <param name="mediaType">The media type, e.g. <c>image/png</c>.</param>
    /// <param name="extension">The file extension with its dot, e.g. <c>.png</c>.</param>
    /// <returns>True when the bytes start one of those formats.</returns>
    public static bool TrySniff(ReadOnlySpan<byte> header, out string mediaType, out string extension)
    {
        (mediaType, extension) = Sniff(header) ?? (string.Empty, string.Empty);
        return mediaType.Length > 0;
    }

    internal static (string MediaType, string Extension)? Sniff(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", ".png");
        }

        if (header.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("image/jpeg", ".jpg");
        }

        if (header.StartsWith("GIF87a"u8) || header.StartsWith("GIF89a"u8))
        {
            return ("image/gif", ".gif");
        }

        if (header.Length >= 12 && header.StartsWith("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", ".webp");
        }

        return null;
    }
}

namespace FluxImaging.Images;

/// <summary>Recognises the image formats upstreams return from their first bytes, never from names or headers.</summary>
internal static class ImageFormat
{
    /// <summary>How many leading bytes <see cref="Sniff"/> needs to decide.</summary>
    public const int SniffLength = 12;

    /// <summary>The media type and file extension of the image whose first bytes are given; null when it is none we know.</summary>
    public static (string MediaType, string Extension)? Sniff(ReadOnlySpan<byte> header)
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

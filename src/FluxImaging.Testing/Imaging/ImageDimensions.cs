using System.Buffers.Binary;

namespace FluxImaging.Testing.Imaging;

/// <summary>Reads the pixel size from the header of a PNG, JPEG, GIF or WebP file, without decoding it.</summary>
internal static class ImageDimensions
{
    public static bool TryRead(ReadOnlySpan<byte> file, out int width, out int height)
    {
        width = height = 0;
        if (file.Length >= 24 && file[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            width = BinaryPrimitives.ReadInt32BigEndian(file[16..]);
            height = BinaryPrimitives.ReadInt32BigEndian(file[20..]);
        }
        else if (file.Length >= 10 && (file[..6].SequenceEqual("GIF87a"u8) || file[..6].SequenceEqual("GIF89a"u8)))
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(file[6..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(file[8..]);
        }
        else if (file.Length >= 30 && file[..4].SequenceEqual("RIFF"u8) && file[8..12].SequenceEqual("WEBP"u8))
        {
            ReadWebP(file, ref width, ref height);
        }
        else if (file.Length >= 4 && file[0] == 0xFF && file[1] == 0xD8)
        {
            ReadJpeg(file, ref width, ref height);
        }

        return width > 0 && height > 0;
    }

    private static void ReadWebP(ReadOnlySpan<byte> file, ref int width, ref int height)
    {
        var chunk = file[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            width = 1 + (file[24] | (file[25] << 8) | (file[26] << 16));
            height = 1 + (file[27] | (file[28] << 8) | (file[29] << 16));
        }
        else if (chunk.SequenceEqual("VP8 "u8))
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(file[26..]) & 0x3FFF;
            height = BinaryPrimitives.ReadUInt16LittleEndian(file[28..]) & 0x3FFF;
        }
        else if (chunk.SequenceEqual("VP8L"u8) && file.Length >= 25)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(file[21..]);
            width = (int)(bits & 0x3FFF) + 1;
            height = (int)((bits >> 14) & 0x3FFF) + 1;
        }
    }

    // Walks the markers to the first start-of-frame (SOF0…SOF15 except DHT, JPG and DAC).
    private static void ReadJpeg(ReadOnlySpan<byte> file, ref int width, ref int height)
    {
        var offset = 2;
        while (offset + 9 < file.Length)
        {
            if (file[offset] != 0xFF)
            {
                return;
            }

            var marker = file[offset + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(file[(offset + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(file[(offset + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(file[(offset + 7)..]);
                return;
            }

            offset += 2 + length;
        }
    }
}

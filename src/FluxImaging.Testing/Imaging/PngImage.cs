using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace FluxImaging.Testing.Imaging;

/// <summary>
/// Renders real, deterministic PNG images: the same prompt, seed and size always give the same bytes, and different
/// prompts or seeds give visibly different pictures. A small encoder of our own (no imaging library is available here):
/// 8-bit RGB, filter 0, zlib from the framework.
/// </summary>
public static class PngImage
{
    /// <summary>The largest width or height rendered.</summary>
    public const int MaxDimension = 4096;

    /// <summary>The media type of the rendered images.</summary>
    public const string MediaType = "image/png";

    /// <summary>Renders an image for a prompt and seed at a size.</summary>
    /// <param name="prompt">The prompt; it chooses the colours.</param>
    /// <param name="seed">The seed; it chooses the pattern.</param>
    /// <param name="width">Width in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="height">Height in pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <returns>The PNG file bytes.</returns>
    public static byte[] Render(string prompt, long seed, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);

        Span<byte> palette = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{prompt}\n{seed}"), palette);

        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        WriteChunk(file, "IHDR"u8, header);

        WriteChunk(file, "IDAT"u8, CompressPixels(palette, width, height));
        WriteChunk(file, "IEND"u8, []);
        return file.ToArray();
    }

    private static byte[] CompressPixels(ReadOnlySpan<byte> palette, int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width * 3)];
            var shift = palette[6] % 5;
            for (var y = 0; y < height; y++)
            {
                row[0] = 0; // filter: none
                for (var x = 0; x < width; x++)
                {
                    var fx = x * 255 / Math.Max(1, width - 1);
                    var fy = y * 255 / Math.Max(1, height - 1);
                    var ripple = ((x >> shift) ^ (y >> shift)) & 0x1F;
                    var o = 1 + (x * 3);
                    row[o] = (byte)((palette[0] * (255 - fx) + palette[1] * fx) / 255);
                    row[o + 1] = (byte)((palette[2] * (255 - fy) + palette[3] * fy) / 255);
                    row[o + 2] = (byte)(palette[4] ^ ripple ^ (palette[5] & 0x0F));
                }

                zlib.Write(row);
            }
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream file, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        file.Write(number);
        file.Write(type);
        file.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(number, crc.GetCurrentHashAsUInt32());
        file.Write(number);
    }
}

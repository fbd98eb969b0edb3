using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.Compression;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Tests;

[TestFixture]
public sealed class PngImageTests
{
    [Test]
    public void The_same_prompt_seed_and_size_give_the_same_bytes()
    {
        var first = PngImage.Render("a cat", 42, 64, 48);
        var second = PngImage.Render("a cat", 42, 64, 48);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Another_prompt_or_seed_gives_another_picture()
    {
        var reference = PngImage.Render("a cat", 42, 64, 48);
        Assert.That(PngImage.Render("a dog", 42, 64, 48), Is.Not.EqualTo(reference));
        Assert.That(PngImage.Render("a cat", 43, 64, 48), Is.Not.EqualTo(reference));
    }

    [TestCase(1, 1)]
    [TestCase(768, 768)]
    [TestCase(1024, 576)]
    public void The_file_is_a_valid_png_of_the_requested_size(int width, int height)
    {
        var png = PngImage.Render("a lighthouse at dawn", 7, width, height);

        Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        var chunks = ReadChunks(png);
        Assert.That(chunks.Select(c => c.Type), Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));
        Assert.That(chunks.All(c => c.CrcValid), Is.True, "every chunk CRC must verify");

        var header = chunks[0].Data;
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(header), Is.EqualTo(width));
        Assert.That(BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), Is.EqualTo(height));
        Assert.That(header[8..10], Is.EqualTo(new byte[] { 8, 2 }), "8-bit RGB");

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress))
        {
            zlib.CopyTo(pixels);
        }

        Assert.That(pixels.Length, Is.EqualTo(height * (1 + (width * 3))), "one filter byte and three samples per pixel per row");
    }

    [Test]
    public void Sizes_beyond_the_limit_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PngImage.Render("x", 1, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => PngImage.Render("x", 1, PngImage.MaxDimension + 1, 10));
    }

    private static List<(string Type, byte[] Data, bool CrcValid)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[], bool)>();
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = png.AsSpan(offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            chunks.Add((System.Text.Encoding.ASCII.GetString(type), data.ToArray(), crc == ChunkCrc(type, data)));
            offset += 12 + length;
        }

        return chunks;
    }

    // PNG's CRC covers the chunk type and its data (ISO 3309 / IEEE 802.3).
    private static uint ChunkCrc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }
}

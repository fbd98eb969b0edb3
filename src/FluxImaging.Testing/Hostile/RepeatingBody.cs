using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace FluxImaging.Testing;

/// <summary>
/// A body of <c>prefix + unit × count + suffix</c>, written as it goes (never held in memory), plain or gzip. The gzip
/// form is cheap at any size: each piece is deflated once by its own compressor and sync-flushed, so its blocks refer
/// only to themselves and the same compressed bytes can be repeated; the CRC-32 of the whole is computed over the
/// repeats (fast), and the trailer closes the member. A gigabyte of one byte costs about a megabyte on the wire.
/// </summary>
internal sealed class RepeatingBody(byte[] prefix, byte[] unit, long count, byte[] suffix)
{
    private const int ChunkTarget = 1 << 20;

    /// <summary>The size of the body before compression.</summary>
    public long Length => prefix.Length + (unit.Length * count) + suffix.Length;

    public async Task WritePlainAsync(Stream body, CancellationToken cancellationToken)
    {
        var (chunk, unitsPerChunk) = Chunk();
        await body.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
        var left = count;
        while (left > 0)
        {
            var units = Math.Min(left, unitsPerChunk);
            await body.WriteAsync(chunk.AsMemory(0, (int)(units * unit.Length)), cancellationToken).ConfigureAwait(false);
            left -= units;
        }

        await body.WriteAsync(suffix, cancellationToken).ConfigureAwait(false);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteGzipAsync(Stream body, CancellationToken cancellationToken)
    {
        var (chunk, unitsPerChunk) = Chunk();
        var fullChunks = count / unitsPerChunk;
        var tail = chunk.AsMemory(0, (int)(count % unitsPerChunk * unit.Length));
        var crc = new Crc32();

        // Member header: magic, deflate, no flags, no time, no extra flags, unknown OS.
        await body.WriteAsync(new byte[] { 0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF }, cancellationToken).ConfigureAwait(false);
        await WritePieceAsync(body, prefix, crc, cancellationToken).ConfigureAwait(false);
        var deflatedChunk = Deflate(chunk);
        for (long i = 0; i < fullChunks; i++)
        {
            crc.Append(chunk);
            await body.WriteAsync(deflatedChunk, cancellationToken).ConfigureAwait(false);
        }

        await WritePieceAsync(body, tail, crc, cancellationToken).ConfigureAwait(false);
        await WritePieceAsync(body, suffix, crc, cancellationToken).ConfigureAwait(false);

        // An empty final block (fixed Huffman, end of block), then CRC-32 and the size mod 2^32, little-endian.
        var trailer = new byte[10];
        trailer[0] = 0x03;
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(2), crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(6), (uint)(Length & 0xFFFFFFFF));
        await body.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WritePieceAsync(Stream body, ReadOnlyMemory<byte> piece, Crc32 crc, CancellationToken cancellationToken)
    {
        if (piece.IsEmpty)
        {
            return;
        }

        crc.Append(piece.Span);
        await body.WriteAsync(Deflate(piece), cancellationToken).ConfigureAwait(false);
    }

    // Raw deflate blocks, not final, ending in a sync flush (byte-aligned): safe to concatenate with other such pieces.
    private static byte[] Deflate(ReadOnlyMemory<byte> data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(data.Span);
            deflate.Flush();
            output.Flush();
            var flushed = output.ToArray();
            return flushed;
        }
    }

    private (byte[] Chunk, long UnitsPerChunk) Chunk()
    {
        var unitsPerChunk = Math.Max(1, ChunkTarget / Math.Max(1, unit.Length));
        var chunk = new byte[unitsPerChunk * unit.Length];
        for (var i = 0; i < unitsPerChunk; i++)
        {
            unit.CopyTo(chunk, i * unit.Length);
        }

        return (chunk, unitsPerChunk);
    }
}

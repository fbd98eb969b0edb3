using System.IO.Compression;

namespace FluxImaging.Testing.Tests.Hostile;

/// <summary>Measures bodies without holding them: bytes on the wire, bytes after gunzip, and a look at both ends.</summary>
internal static class StreamMeasure
{
    public static async Task<(long Length, byte[] Head, byte[] Tail)> CountAsync(Stream stream, int keep = 32)
    {
        var buffer = new byte[1 << 16];
        var head = new List<byte>();
        var tail = new Queue<byte>();
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
            for (var i = 0; i < read; i++)
            {
                if (head.Count < keep)
                {
                    head.Add(buffer[i]);
                }
            }

            foreach (var b in buffer.AsSpan(Math.Max(0, read - keep), Math.Min(read, keep)).ToArray())
            {
                tail.Enqueue(b);
                if (tail.Count > keep)
                {
                    tail.Dequeue();
                }
            }
        }

        return (total, [.. head], [.. tail]);
    }

    /// <summary>Reads the raw (still compressed) body into memory and gunzips it through a counter.</summary>
    public static async Task<(long Compressed, long Decompressed, byte[] Head, byte[] Tail)> GunzipAsync(HttpResponseMessage response)
    {
        var compressed = await response.Content.ReadAsByteArrayAsync();
        await using var gunzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var (length, head, tail) = await CountAsync(gunzip);
        return (compressed.Length, length, head, tail);
    }
}

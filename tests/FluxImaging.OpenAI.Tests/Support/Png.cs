using System.Buffers.Binary;

namespace FluxImaging.OpenAI.Tests.Support;

/// <summary>Reads what a viewer would show first about a PNG: its size, from the IHDR chunk.</summary>
internal static class Png
{
    public static (int Width, int Height) Size(ReadOnlySpan<byte> png) =>
        (BinaryPrimitives.ReadInt32BigEndian(png[16..20]), BinaryPrimitives.ReadInt32BigEndian(png[20..24]));
}

using FluxImaging.Http;

namespace FluxImaging.Images;

/// <summary>Reads through to an inner stream and fails once more than a set number of bytes went by.</summary>
internal sealed class LengthLimitedStream(Stream inner, long maxBytes, string? provider) : ReadOnlyDelegatingStream(inner)
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public static FluxImagingException TooLarge(long maxBytes, string? provider) =>
        new(FluxImagingErrorKind.ProtocolViolation, $"The image is larger than the limit of {maxBytes:N0} bytes.", provider);

    private int Count(int read)
    {
        _read += read;
        if (_read > maxBytes)
        {
            throw TooLarge(maxBytes, provider);
        }

        return read;
    }
}

using System.Runtime.CompilerServices;

namespace FluxImaging.Http;

/// <summary>Reads through to an inner stream and fails once more than a set number of bytes went by.</summary>
internal sealed class LengthLimitedStream(Stream inner, long maxBytes, Func<FluxImagingException> tooLarge) : ReadOnlyDelegatingStream(inner)
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    // One read per frame of every stream: the state machine is pooled rather than allocated per read.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    private int Count(int read)
    {
        _read += read;
        return _read > maxBytes ? throw tooLarge() : read;
    }
}

namespace FluxImaging.Gradio.Http;

/// <summary>
/// Bounds the memory one server-sent event can take: the SSE parser buffers a line until its newline, so a stream that
/// never sends one (or sends a giant line) would grow that buffer without end. This counts bytes since the last LF and
/// fails with a protocol error past the cap; the scan is a vectorized <c>LastIndexOf</c> over each chunk read.
/// </summary>
internal sealed class EventSizeLimitStream(Stream inner, long maxLineBytes, string provider) : Stream
{
    private long _sinceNewline;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        var chunk = buffer.Span[..read];
        var first = chunk.IndexOf((byte)'\n');

        // The line that ends in this chunk, and the one still open after it. (A line wholly inside one chunk cannot
        // exceed the cap: the parser reads in small buffers and only grows them for a line already seen as long.)
        var ended = first < 0 ? 0 : _sinceNewline + first;
        _sinceNewline = first < 0 ? _sinceNewline + read : read - chunk.LastIndexOf((byte)'\n') - 1;
        if (Math.Max(ended, _sinceNewline) > maxLineBytes)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.ProtocolViolation,
                $"An event from the upstream exceeded the limit of {maxLineBytes:N0} bytes (MaxEventBytes).",
                provider);
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Event streams are read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}

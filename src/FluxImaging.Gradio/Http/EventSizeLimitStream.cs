namespace FluxImaging.Gradio.Http;

/// <summary>
/// Bounds the memory one server-sent event can take: the SSE parser buffers a line until its newline, so a stream that
/// never sends one (or sends a giant line) would grow that buffer without end. This counts bytes since the last LF and
/// fails with a protocol error past the cap; the scan is a vectorized <c>LastIndexOf</c> over each chunk read.
/// </summary>
internal sealed class EventSizeLimitStream(Stream inner, long maxLineBytes, string provider) : FluxImaging.Http.ReadOnlyDelegatingStream(inner)
{
    private long _sinceNewline;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
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

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Event streams are read asynchronously.");
}

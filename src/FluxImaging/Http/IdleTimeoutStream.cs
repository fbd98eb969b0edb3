namespace FluxImaging.Http;

/// <summary>
/// Wraps a response stream so that a read which sees no bytes for <c>idle</c> fails with a
/// <see cref="FluxImagingErrorKind.Timeout"/> error instead of waiting for ever; time the consumer spends between reads
/// does not count.
/// </summary>
/// <remarks>
/// One linked <see cref="CancellationTokenSource"/> serves every read: its timer is re-armed before a read and disarmed
/// after, so a long stream costs no allocation per read.
/// </remarks>
internal sealed class IdleTimeoutStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _idle;
    private readonly string _provider;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource _timer;

    public IdleTimeoutStream(Stream inner, TimeSpan idle, string provider, CancellationToken cancellationToken)
    {
        _inner = inner;
        _idle = idle;
        _provider = provider;
        _outer = cancellationToken;
        _timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

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
        CancellationTokenSource? perCall = null;
        var token = _timer.Token;
        if (cancellationToken.CanBeCanceled && cancellationToken != _outer)
        {
            perCall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timer.Token);
            token = perCall.Token;
        }

        try
        {
            _timer.CancelAfter(_idle);
            var read = await _inner.ReadAsync(buffer, token).ConfigureAwait(false);
            _timer.CancelAfter(Timeout.InfiniteTimeSpan);
            return read;
        }
        catch (Exception ex) when (IsIdleTimeout(ex, cancellationToken))
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.Timeout,
                $"The upstream sent nothing for {_idle.TotalSeconds:0.#} s (idle timeout).",
                _provider,
                innerException: ex);
        }
        finally
        {
            perCall?.Dispose();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads have no timer: the library never uses them, and blocking a thread on a network stream is the caller's choice.
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

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
            _inner.Dispose();
            _timer.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        _timer.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    // The socket read may surface the cancellation as an OperationCanceledException or as an IOException wrapping one.
    private bool IsIdleTimeout(Exception ex, CancellationToken callerToken) =>
        ex is OperationCanceledException or IOException
        && _timer.IsCancellationRequested
        && !_outer.IsCancellationRequested
        && !callerToken.IsCancellationRequested;
}

namespace FluxImaging.Http;

/// <summary>
/// Wraps a response stream so that a read which sees no bytes for <c>idle</c> fails with a
/// <see cref="FluxImagingErrorKind.Timeout"/> error instead of waiting for ever; time the consumer spends between reads
/// does not count.
/// </summary>
/// <remarks>
/// A read only stamps when it started; one periodic check per stream (every quarter of the idle time) cancels a read
/// that has waited too long. Re-arming a timer around every read would take the timer queue's lock twice per read,
/// which thousands of concurrent streams contend on. The timeout therefore fires between 1 and 1.25 times
/// <c>idle</c> after a read started.
/// </remarks>
internal sealed class IdleTimeoutStream : Stream
{
    private readonly Stream _inner;
    private readonly TimeSpan _idle;
    private readonly string _provider;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource _timeout;
    private readonly ITimer _check;
    private long _readStarted;

    public IdleTimeoutStream(Stream inner, TimeSpan idle, string provider, CancellationToken cancellationToken)
    {
        _inner = inner;
        _idle = idle;
        _provider = provider;
        _outer = cancellationToken;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var period = idle / 4 > TimeSpan.FromMilliseconds(10) ? idle / 4 : TimeSpan.FromMilliseconds(10);
        _check = TimeProvider.System.CreateTimer(static state => ((IdleTimeoutStream)state!).Check(), this, period, period);
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
        var token = _timeout.Token;
        if (cancellationToken.CanBeCanceled && cancellationToken != _outer)
        {
            perCall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
            token = perCall.Token;
        }

        try
        {
            Volatile.Write(ref _readStarted, Environment.TickCount64);
            return await _inner.ReadAsync(buffer, token).ConfigureAwait(false);
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
            Volatile.Write(ref _readStarted, 0);
            perCall?.Dispose();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads have no timeout: the library never uses them, and blocking a thread on a network stream is the caller's choice.
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
            _check.Dispose();
            _inner.Dispose();
            _timeout.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _check.DisposeAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
        _timeout.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private void Check()
    {
        var started = Volatile.Read(ref _readStarted);
        if (started != 0 && Environment.TickCount64 - started >= (long)_idle.TotalMilliseconds)
        {
            try
            {
                _timeout.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream was disposed while the check ran.
            }
        }
    }

    // The socket read may surface the cancellation as an OperationCanceledException or as an IOException wrapping one.
    private bool IsIdleTimeout(Exception ex, CancellationToken callerToken) =>
        ex is OperationCanceledException or IOException
        && _timeout.IsCancellationRequested
        && !_outer.IsCancellationRequested
        && !callerToken.IsCancellationRequested;
}

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
internal sealed class IdleTimeoutStream : ReadOnlyDelegatingStream
{
    private readonly TimeSpan _idle;
    private readonly string _provider;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource _timeout;
    private readonly ITimer _check;
    private long _readStarted;

    public IdleTimeoutStream(Stream inner, TimeSpan idle, string provider, CancellationToken cancellationToken)
        : base(inner)
    {
        _idle = idle;
        _provider = provider;
        _outer = cancellationToken;
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var period = idle / 4 > TimeSpan.FromMilliseconds(10) ? idle / 4 : TimeSpan.FromMilliseconds(10);
        _check = TimeProvider.System.CreateTimer(static state => ((IdleTimeoutStream)state!).Check(), this, period, period);
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
            return await Inner.ReadAsync(buffer, token).ConfigureAwait(false);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _check.Dispose();
            _timeout.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _check.DisposeAsync().ConfigureAwait(false);
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

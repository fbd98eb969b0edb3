using System.Runtime.CompilerServices;

namespace FluxImaging.Http;

/// <summary>
/// Wraps a response stream so that a read which sees no bytes for <c>idle</c> fails with a
/// <see cref="FluxImagingErrorKind.Timeout"/> error instead of waiting for ever; time the consumer spends between reads
/// does not count.
/// </summary>
/// <remarks>
/// A read only stamps when it started; one periodic check per stream (every quarter of the idle time) ends a read that
/// has waited too long by disposing the inner stream, which makes a network read fail at once. That costs nothing per
/// read: no timer re-armed and no linked token created around every read, which thousands of concurrent streams would
/// contend on. The timeout therefore fires between 1 and 1.25 times <c>idle</c> after a read started.
/// </remarks>
internal sealed class IdleTimeoutStream : ReadOnlyDelegatingStream
{
    private readonly TimeSpan _idle;
    private readonly string? _provider;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _expired = new();
    private readonly ITimer? _check;
    private long _readStarted;

    public IdleTimeoutStream(Stream inner, TimeSpan idle, string? provider, TimeProvider timeProvider)
        : base(inner)
    {
        _idle = idle;
        _provider = provider;
        _timeProvider = timeProvider;
        if (idle != Timeout.InfiniteTimeSpan)
        {
            var period = idle / 4 > TimeSpan.FromMilliseconds(10) ? idle / 4 : TimeSpan.FromMilliseconds(10);
            _check = timeProvider.CreateTimer(static state => ((IdleTimeoutStream)state!).Check(), this, period, period);
        }
    }

    // One read per frame of every stream: the state machine is pooled rather than allocated per read.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_expired.IsCancellationRequested)
        {
            throw Expired(null);
        }

        Volatile.Write(ref _readStarted, _timeProvider.GetTimestamp());
        try
        {
            // A caller's token is passed through untouched (the check disposes the inner stream to end a read); only a
            // read nobody could cancel gets the stream's own token, for inner streams that ignore being disposed.
            return await Inner.ReadAsync(buffer, cancellationToken.CanBeCanceled ? cancellationToken : _expired.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (_expired.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is not FluxImagingException)
        {
            throw Expired(ex);
        }
        finally
        {
            Volatile.Write(ref _readStarted, 0);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Response streams are read asynchronously.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _check?.Dispose();
            _expired.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_check is not null)
        {
            await _check.DisposeAsync().ConfigureAwait(false);
        }

        _expired.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private FluxImagingException Expired(Exception? inner) => new(
        FluxImagingErrorKind.Timeout,
        $"The upstream sent nothing for {_idle.TotalSeconds:0.#} s (idle timeout).",
        _provider,
        innerException: inner);

    private void Check()
    {
        var started = Volatile.Read(ref _readStarted);
        if (started == 0 || _timeProvider.GetElapsedTime(started) < _idle)
        {
            return;
        }

        try
        {
            _expired.Cancel();
            Inner.Dispose();
        }
        catch (ObjectDisposedException)
        {
            // The stream was disposed while the check ran.
        }
    }
}

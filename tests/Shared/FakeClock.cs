using Microsoft.Extensions.Time.Testing;

namespace FluxImaging.Tests.Shared;

/// <summary>
/// <see cref="FakeTimeProvider"/> that also says when a timer with a given due time is started, so a test advances the
/// clock only once the wait it means to end (a backoff, a Retry-After, a deadline) has begun.
/// </summary>
internal sealed class FakeClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _started = [];
    private readonly List<(Func<TimeSpan, bool> Match, TaskCompletionSource<TimeSpan> Done)> _waiters = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Started(dueTime);

        // Cancellation sources start their timer at infinity and set it later (CancelAfter): watch Change too.
        return new WatchedTimer(base.CreateTimer(callback, state, dueTime, period), this);
    }

    /// <summary>Completes when a timer whose due time matches is (or was) started; fails after 10 real seconds.</summary>
    public Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match)
    {
        lock (_gate)
        {
            foreach (var started in _started)
            {
                if (match(started))
                {
                    return Task.FromResult(started);
                }
            }

            var done = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private void Started(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_gate)
        {
            _started.Add(dueTime);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(dueTime))
                {
                    _waiters[i].Done.TrySetResult(dueTime);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed class WatchedTimer(ITimer inner, FakeClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Started(dueTime);
            return inner.Change(dueTime, period);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

using System.Collections.Concurrent;

namespace FluxImaging.Server.Tests.Support;

/// <summary>What <see cref="MaskEditingProvider"/> received, and a gate that holds its edits open until released.</summary>
internal sealed class EditRecorder : IDisposable
{
    private readonly ConcurrentQueue<ImageRequest> _received = new();
    private readonly SemaphoreSlim _arrivals = new(0);
    private TaskCompletionSource _release = Released();

    public IReadOnlyList<ImageRequest> Received => [.. _received];

    /// <summary>From now on edits wait until <see cref="Release"/>.</summary>
    public void Hold() => _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> more edits have arrived (each arrival is counted once).</summary>
    public async Task WaitForEditsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Assert.That(await _arrivals.WaitAsync(TimeSpan.FromMinutes(1)), Is.True, $"only {i} of {count} edits reached the provider");
        }
    }

    public async Task ArriveAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        _received.Enqueue(request);
        _arrivals.Release();
        await _release.Task.WaitAsync(cancellationToken);
    }

    public void Dispose() => _arrivals.Dispose();

    private static TaskCompletionSource Released()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}

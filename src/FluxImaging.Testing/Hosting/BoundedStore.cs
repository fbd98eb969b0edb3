using System.Collections.Concurrent;

namespace FluxImaging.Testing;

/// <summary>
/// What an emulator remembers (jobs, files, tasks), keeping only the most recent entries so that long load and soak
/// runs do not grow its memory. Thread-safe.
/// </summary>
internal sealed class BoundedStore<TValue>(int capacity = 2000)
{
    private readonly ConcurrentDictionary<string, TValue> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Add(string key, TValue value)
    {
        _items[key] = value;
        _order.Enqueue(key);
        while (_order.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _items.TryRemove(oldest, out _);
        }
    }

    public bool TryGetValue(string key, out TValue value) => _items.TryGetValue(key, out value!);
}

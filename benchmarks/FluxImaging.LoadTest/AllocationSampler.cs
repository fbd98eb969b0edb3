using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace FluxImaging.LoadTest;

/// <summary>
/// The runtime's allocation sampling (one <c>GCAllocationTick</c> event per ~100 KB allocated, naming the type that
/// crossed the mark), summed by type: which types the allocated bytes per generation are made of. <c>--alloc-types</c>.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    public string Top(int count, long generations)
    {
        var total = _bytes.Values.Sum();
        return string.Join('\n', _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => string.Create(
            CultureInfo.InvariantCulture,
            $"  {p.Value * 100.0 / Math.Max(1, total),5:0.0}%  ~{p.Value / 1024.0 / Math.Max(1, generations),7:0.00} KB/gen  {p.Key}")));
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = names.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload![t] as string ?? "?" : "?";
        var amount = names.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload![a], CultureInfo.InvariantCulture) : 0;
        _bytes.AddOrUpdate(type, amount, (_, sum) => sum + amount);
    }
}

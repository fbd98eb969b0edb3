namespace FluxImaging.Server.Tests.Support;

/// <summary>
/// The bytes this process (server and test client alike) allocated since the meter started: the memory a request
/// made the server take, measured in-process instead of by a noisy working set.
/// </summary>
internal sealed class AllocationMeter
{
    private readonly long _start = GC.GetTotalAllocatedBytes(precise: true);

    public long Allocated => GC.GetTotalAllocatedBytes(precise: true) - _start;
}

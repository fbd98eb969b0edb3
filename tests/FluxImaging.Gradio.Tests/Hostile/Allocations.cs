namespace FluxImaging.Gradio.Tests.Hostile;

/// <summary>How many bytes the whole process allocated while something ran: the bound a hostile upstream must not break.</summary>
internal static class Allocations
{
    public static async Task<long> DuringAsync(Func<Task> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    public static string Describe(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";
}

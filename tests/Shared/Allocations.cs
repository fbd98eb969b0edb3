namespace FluxImaging.Tests.Shared;

/// <summary>How many bytes the whole process allocated while something ran: the bound a hostile upstream must not break.</summary>
internal static class Allocations
{
    /// <summary>
    /// What a failing generation allocates in this process whatever the upstream sends — both ends of the loopback,
    /// the handshake's JSON, the exception — measured at 0.3–2.5 MiB. Bounds are "a few times the limit plus this",
    /// against the gibibyte a hostile upstream sends. (Keep emulators from rendering images meanwhile: that is theirs.)
    /// </summary>
    public const long FixedCost = 4L * 1024 * 1024;

    public static async Task<long> DuringAsync(Func<Task> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await action();
        return GC.GetTotalAllocatedBytes(precise: true) - before;
    }

    /// <summary>Runs <paramref name="action"/>, which must fail with <typeparamref name="TException"/>, and measures what it allocated.</summary>
    public static async Task<(TException Error, long Allocated)> FailureOfAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        TException? error = null;
        var allocated = await DuringAsync(async () =>
        {
            try
            {
                await action();
            }
            catch (TException ex)
            {
                error = ex;
            }
        });

        Assert.That(error, Is.Not.Null, "the hostile answer must fail");
        TestContext.Out.WriteLine($"{error!.GetType().Name}: {error.Message} — allocated {Describe(allocated)}");
        return (error, allocated);
    }

    public static string Describe(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";
}

namespace FluxImaging.Tests.Shared;

/// <summary>How many bytes the whole process allocated while something ran: the bound a hostile upstream must not break.</summary>
internal static class Allocations
{
    /// <summary>
    /// What a generation allocates in this process whatever the upstream sends: both ends of the loopback (Kestrel's
    /// threads write on while the client stops reading), the handshake's JSON, first-call initialisation, the test
    /// runner. It varies by a few MiB from run to run, so bounds are "a few times the limit plus this", against the
    /// gibibyte a hostile upstream sends.
    /// </summary>
    public const long FixedCost = 8L * 1024 * 1024;

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

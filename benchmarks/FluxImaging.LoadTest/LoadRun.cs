using System.Diagnostics;
using System.Globalization;

namespace FluxImaging.LoadTest;

/// <summary>
/// N concurrent FLUX.1-dev-like generations against the emulator process, in steady state: after 300 generations at
/// start, for each N three warm-up
/// batches of N first (tiered JIT, connection pool and <c>/config</c> cache settled), then three measured rounds of N,
/// each figure the median of the rounds. Client CPU per generation, thread-pool work items and managed bytes allocated per generation, added latency
/// p50/p99, peak working set and its growth per in-flight generation, live managed memory per in-flight generation,
/// the idle CPU after the burst, sockets left open.
/// </summary>
internal static class LoadRun
{
    public sealed record Result(
        int N,
        int Completed,
        int Failed,
        double WallSeconds,
        double CpuMsPerGeneration,
        double WorkItemsPerGeneration,
        double AllocatedKbPerGeneration,
        double P50Ms,
        double P99Ms,
        double PeakWorkingSetMb,
        double KbPerInFlight,
        double LiveKbPerInFlight,
        double IdleCpuMsPerSecond,
        int SocketsAtEnd,
        string IdleThreads);

    public static async Task<int> RunAsync(Arguments options)
    {
        var pace = options.Int("pace", 50);
        await using var emulator = await EmulatorServer.StartAsync(pace);
        Console.WriteLine($"FluxImaging load test: emulator in its own process at {emulator.Address}, {pace} ms between events, {Environment.ProcessorCount} cores, {RuntimeSettings()}");
        await WarmUpAsync(emulator.Address);
        Console.WriteLine(Header);
        using var allocations = options.String("alloc-types") is null ? null : new AllocationSampler();
        foreach (var n in options.Ints("n", [1, 50, 200, 1000, 5000]))
        {
            var result = await MeasureAsync(emulator.Address, n, pace, allocations: allocations);
            Console.WriteLine(Row(result));
            if (options.String("idle-threads") is not null)
            {
                Console.WriteLine($"  idle 3 s by thread: {(result.IdleThreads.Length == 0 ? "nothing" : result.IdleThreads)}");
            }
        }

        if (allocations is not null)
        {
            Console.WriteLine("Allocated bytes by type (sampled every ~100 KB, measured rounds only):");
            Console.WriteLine(allocations.Top(25, options.Ints("n", [1, 50, 200, 1000, 5000]).Sum() * 3L));
        }

        return 0;
    }

    /// <summary>The runtime settings of this process that change the thread pool's and the sockets' behaviour.</summary>
    public static string RuntimeSettings()
    {
        var set = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) && !k.StartsWith("DOTNET_CLI", StringComparison.OrdinalIgnoreCase)
                && !k.Equals("DOTNET_NOLOGO", StringComparison.OrdinalIgnoreCase) && !k.Equals("DOTNET_GENERATE_ASPNET_CERTIFICATE", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}")
            .ToList();
        foreach (var name in new[] { "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "System.Net.Sockets.InlineCompletions" })
        {
            if (AppContext.GetData(name) is { } value)
            {
                set.Add($"{name}={value}");
            }
        }

        return set.Count == 0 ? "default runtime settings" : string.Join(", ", set);
    }

    public const string Header =
        "|     N | ok    | failed | wall s | CPU ms/gen | work items/gen | alloc KB/gen | p50 ms | p99 ms | peak WS MB | WS KB/in-flight | live KB/in-flight | idle CPU ms/s | sockets at end |\n" +
        "|------:|------:|-------:|-------:|-----------:|---------------:|-------------:|-------:|-------:|-----------:|----------------:|------------------:|--------------:|---------------:|";

    public static string Row(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.N,5} | {r.Completed,5} | {r.Failed,6} | {r.WallSeconds,6:0.00} | {r.CpuMsPerGeneration,10:0.000} | {r.WorkItemsPerGeneration,14:0.0} | {r.AllocatedKbPerGeneration,12:0.0} | {r.P50Ms,6:0.0} | {r.P99Ms,6:0.0} | {r.PeakWorkingSetMb,10:0.0} | {r.KbPerInFlight,15:0.0} | {r.LiveKbPerInFlight,17:0.0} | {r.IdleCpuMsPerSecond,13:0.00} | {r.SocketsAtEnd,14} |");

    /// <summary>A few hundred generations when the process starts, so that the first row does not pay for the JIT.</summary>
    public static async Task WarmUpAsync(Uri emulator)
    {
        await using var host = new ClientHost(emulator, TimeSpan.FromMinutes(5));
        for (var round = 0; round < 3; round++)
        {
            await BatchAsync(host, round * 100, 100, new double[100], onStreaming: null);
        }

        await SettleAsync();
    }

    public static async Task<Result> MeasureAsync(Uri emulator, int n, int pace, int rounds = 3, AllocationSampler? allocations = null)
    {
        await using var host = new ClientHost(emulator, TimeSpan.FromMinutes(5));
        var next = 0;
        for (var warmUp = 0; warmUp < 3; warmUp++)
        {
            await BatchAsync(host, next, n, new double[n], onStreaming: null);
            next += n;
        }

        // Tiered compilation promotes methods while they run: go on until a whole batch compiles nothing (at most 7 more).
        for (var more = 0; more < 7 && n > 0; more++)
        {
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await BatchAsync(host, next, n, new double[n], onStreaming: null);
            next += n;
            await SettleAsync();
            if (System.Runtime.JitInfo.GetCompiledMethodCount() == compiled)
            {
                break;
            }
        }

        await SettleAsync();

        var live = await LiveKbPerInFlightAsync(host, next, n, pace);
        next += n;

        var cpu = new double[rounds];
        var items = new double[rounds];
        var allocated = new double[rounds];
        var wall = new double[rounds];
        var growth = new double[rounds];
        var latencies = new List<double>();
        var failed = 0;
        long peak = 0;
        for (var round = 0; round < rounds; round++)
        {
            Collect();
            var baseline = ClientHost.WorkingSet();
            var roundPeak = baseline;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    roundPeak = Math.Max(roundPeak, ClientHost.WorkingSet());
                    await Task.Delay(100, CancellationToken.None);
                }
            });

            var roundLatencies = new double[n];
            var itemsBefore = ThreadPool.CompletedWorkItemCount;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var cpuBefore = ClientHost.ProcessorTime();
            var clock = Stopwatch.StartNew();
            allocations?.Start();
            var roundFailed = await BatchAsync(host, next, n, roundLatencies, onStreaming: null);
            allocations?.Stop();
            clock.Stop();
            var cpuSpent = ClientHost.ProcessorTime() - cpuBefore;
            var itemsSpent = ThreadPool.CompletedWorkItemCount - itemsBefore;
            var allocatedSpent = GC.GetTotalAllocatedBytes() - allocatedBefore;
            await sampling.CancelAsync();
            await sampler;

            next += n;
            var completed = Math.Max(1, n - roundFailed);
            failed += roundFailed;
            cpu[round] = cpuSpent.TotalMilliseconds / completed;
            items[round] = (double)itemsSpent / completed;
            allocated[round] = allocatedSpent / 1024.0 / completed;
            wall[round] = clock.Elapsed.TotalSeconds;
            growth[round] = (roundPeak - baseline) / 1024.0 / Math.Max(1, n);
            peak = Math.Max(peak, roundPeak);
            latencies.AddRange(roundLatencies.Where(double.IsFinite));
        }

        // What the process costs once the burst is over: pooled connections, timers, the GC.
        await SettleAsync();
        var idleThreadsBefore = ThreadTimes.Sample();
        var idleBefore = ClientHost.ProcessorTime();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idle = (ClientHost.ProcessorTime() - idleBefore).TotalMilliseconds / idleClock.Elapsed.TotalSeconds;
        var idleThreads = ThreadTimes.Difference(idleThreadsBefore, ThreadTimes.Sample());

        var measured = latencies.Order().ToArray();
        return new Result(
            n,
            n - (failed / rounds),
            failed / rounds,
            Median(wall),
            Median(cpu),
            Median(items),
            Median(allocated),
            Percentile(measured, 0.50),
            Percentile(measured, 0.99),
            peak / 1048576.0,
            Median(growth),
            live,
            idle,
            ClientHost.Descriptors().Sockets,
            idleThreads);
    }

    /// <summary>
    /// One more round of N, not timed: once every generation is streaming, a full collection, and the managed heap that
    /// survives it over the heap before the round, per generation — what each in-flight generation keeps alive.
    /// </summary>
    private static async Task<double> LiveKbPerInFlightAsync(ClientHost host, int first, int n, int pace)
    {
        if (n == 0)
        {
            return double.NaN;
        }

        Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var streaming = 0;
        var measured = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var batch = BatchAsync(host, first, n, new double[n], onStreaming: () =>
        {
            if (Interlocked.Increment(ref streaming) == n)
            {
                // Every stream is past its first preview; sample a few steps later, mid-run.
                _ = Task.Delay(pace * 5).ContinueWith(_ => measured.TrySetResult(GC.GetTotalMemory(forceFullCollection: true)), TaskScheduler.Default);
            }
        });
        var during = await measured.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await batch;
        return (during - before) / 1024.0 / n;
    }

    /// <summary>
    /// Waits until tiered compilation has gone quiet (no method compiled for half a second; at most ten seconds): on a
    /// loaded machine the background tier-1 compiles of the warm-up can otherwise land in the measured rounds.
    /// </summary>
    public static async Task SettleAsync()
    {
        var clock = Stopwatch.StartNew();
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(500);
            var now = System.Runtime.JitInfo.GetCompiledMethodCount();
            if (now == compiled)
            {
                return;
            }

            compiled = now;
        }
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>N generations at once; returns how many failed. <paramref name="onStreaming"/> runs once per generation, at its first preview.</summary>
    private static async Task<int> BatchAsync(ClientHost host, int first, int n, double[] latencies, Action? onStreaming)
    {
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            var started = false;
            try
            {
                await foreach (var imageEvent in host.Client.GenerateAsync(ClientHost.Request($"load test {first + i}")))
                {
                    if (!started && imageEvent is ImagePreview)
                    {
                        started = true;
                        onStreaming?.Invoke();
                    }

                    if (imageEvent is ImageResponse response)
                    {
                        latencies[i] = ClientHost.AddedLatency(response, DateTime.UtcNow.Ticks)?.TotalMilliseconds ?? double.NaN;
                    }
                }
            }
            catch (FluxImagingException)
            {
                Interlocked.Increment(ref failed);
                latencies[i] = double.NaN;
            }
        }));
        return failed;
    }

    public static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

using System.Diagnostics;
using System.Globalization;

namespace FluxImaging.LoadTest;

/// <summary>
/// N concurrent FLUX.1-dev-like generations against the emulator process, for each N: generations per second, client
/// CPU per generation, added latency p50/p99, peak working set and memory per in-flight generation, sockets left open.
/// </summary>
internal static class LoadRun
{
    public sealed record Result(int N, int Completed, int Failed, double WallSeconds, double CpuMsPerGeneration, double P50Ms, double P99Ms, double PeakWorkingSetMb, double KbPerInFlight, int SocketsAtEnd);

    public static async Task<int> RunAsync(Arguments options)
    {
        var pace = options.Int("pace", 50);
        await using var emulator = await EmulatorServer.StartAsync(pace);
        Console.WriteLine($"FluxImaging load test: emulator in its own process at {emulator.Address}, {pace} ms between events, {Environment.ProcessorCount} cores");
        await WarmUpAsync(emulator.Address);
        Console.WriteLine(Header);
        foreach (var n in options.Ints("n", [1, 100, 200, 1000, 5000]))
        {
            var result = await MeasureAsync(emulator.Address, n);
            Console.WriteLine(Row(result));
        }

        return 0;
    }

    public const string Header = "|     N | ok    | failed | wall s | gen/s  | CPU ms/gen | p50 ms | p99 ms | peak WS MB | KB/in-flight | sockets at end |\n|------:|------:|-------:|-------:|-------:|-----------:|-------:|-------:|-----------:|-------------:|---------------:|";

    public static string Row(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.N,5} | {r.Completed,5} | {r.Failed,6} | {r.WallSeconds,6:0.00} | {r.Completed / r.WallSeconds,6:0.0} | {r.CpuMsPerGeneration,10:0.000} | {r.P50Ms,6:0.0} | {r.P99Ms,6:0.0} | {r.PeakWorkingSetMb,10:0.0} | {r.KbPerInFlight,12:0.0} | {r.SocketsAtEnd,14} |");

    /// <summary>
    /// Runs a few hundred generations first, so that tiered JIT compilation has settled and the measured runs show the
    /// steady-state cost rather than compiling.
    /// </summary>
    public static async Task WarmUpAsync(Uri emulator)
    {
        await using var host = new ClientHost(emulator, TimeSpan.FromMinutes(5));
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => host.Client.GenerateImageAsync(ClientHost.Request($"warm-up {i}"))));
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // let background tier-1 compilation finish
    }

    public static async Task<Result> MeasureAsync(Uri emulator, int n, int rounds = 3)
    {
        await using var host = new ClientHost(emulator, TimeSpan.FromMinutes(5));

        // Warm up JIT, connection pool and /config cache so the run measures steady-state cost.
        await host.Client.GenerateImageAsync(ClientHost.Request("warm-up"));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var baseline = ClientHost.WorkingSet();
        long peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, ClientHost.WorkingSet());
                await Task.Delay(100, CancellationToken.None);
            }
        });

        // n == 0 measures an idle second: the process's background CPU (sampler, timers, GC) to subtract.
        var latencies = new double[n * rounds];
        var failed = 0;
        var cpuBefore = ClientHost.ProcessorTime();
        var clock = Stopwatch.StartNew();
        if (n == 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        for (var round = 0; round < rounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(round * n, n).Select(async i =>
            {
                try
                {
                    await foreach (var imageEvent in host.Client.GenerateAsync(ClientHost.Request($"load test {i}")))
                    {
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
        }
        clock.Stop();
        var cpu = ClientHost.ProcessorTime() - cpuBefore;
        await sampling.CancelAsync();
        await sampler;

        var measured = latencies.Where(double.IsFinite).Order().ToArray();
        var completed = (n * rounds) - failed;
        return new Result(
            n,
            completed / rounds,
            failed / rounds,
            clock.Elapsed.TotalSeconds / rounds,
            cpu.TotalMilliseconds / Math.Max(1, completed),
            Percentile(measured, 0.50),
            Percentile(measured, 0.99),
            peak / 1048576.0,
            (peak - baseline) / 1024.0 / n,
            ClientHost.Descriptors().Sockets);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

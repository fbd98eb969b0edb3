using System.Diagnostics;
using System.Globalization;

namespace FluxImaging.Benchmarks;

/// <summary>
/// <c>loop [N]</c>: the stream-decoding benchmarks in a plain loop after a warm-up, each figure the median of N calls
/// with the process's CPU and the bytes allocated per call. On a machine shared with other work BenchmarkDotNet's short
/// job gives error bars wider than the means; medians of thousands of calls and allocated bytes do not move.
/// <c>loop N text</c> runs only the cases whose name contains the text (to profile one of them alone).
/// </summary>
internal static class DecodingLoop
{
    public static async Task RunAsync(int calls, string? only)
    {
        var benchmarks = new StreamDecodingBenchmarks();
        benchmarks.Setup();
        (string Name, Func<Task<int>> Call)[] cases =
        [
            ("SseParser only, FLUX.1-dev stream", benchmarks.SseParserBaseline),
            ("FLUX.1-dev queue stream decoded: bounds + QueueFrame, no provider", benchmarks.FluxDevQueueDecoding),
            ("FLUX.1-dev queue stream to ImageEvents", benchmarks.FluxDevQueue),
            ("SseParser only, FLUX.1-schnell stream", benchmarks.SseParserSchnellBaseline),
            ("FLUX.1-schnell call stream to ImageEvents", benchmarks.FluxSchnellCall),
        ];
        cases = [.. cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase))];
        for (var i = 0; i < 1000; i++)
        {
            foreach (var (_, call) in cases)
            {
                await call();
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // background tier-1 compilation
        Console.WriteLine("| benchmark | median µs | CPU µs/call | allocated B/call |\n|---|--:|--:|--:|");
        foreach (var (name, call) in cases)
        {
            var times = new double[calls];
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call();
                times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }

            var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / calls;
            var bytesPerCall = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)calls;
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {times[calls / 2]:0.0} | {cpuPerCall:0.0} | {bytesPerCall:0} |"));
        }

        benchmarks.Cleanup();
    }
}

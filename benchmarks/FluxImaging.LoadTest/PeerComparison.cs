using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FluxImaging.LoadTest;

/// <summary>
/// The same scenario, same emulator, same N, same run, the same steady-state procedure (three warm-up batches of N,
/// medians of three rounds, the client process's CPU only): FluxImaging, then Gradio's own JavaScript client
/// (<c>@gradio/client</c> 2.7.0 under Node, <c>benchmarks/peers/gradio-client.mjs</c>); prints both and the ratios.
/// </summary>
internal static class PeerComparison
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var pace = options.Int("pace", 50);
        var folder = options.String("peers") ?? Path.Combine(Directory.GetCurrentDirectory(), "benchmarks", "peers");
        await using var emulator = await EmulatorServer.StartAsync(pace);
        Console.WriteLine($"Peer comparison: emulator at {emulator.Address} (one send per event), {pace} ms between events; FluxImaging with {LoadRun.RuntimeSettings()}");
        await LoadRun.WarmUpAsync(emulator.Address);
        Console.WriteLine("| client | N | ok | CPU ms/gen | work items/gen | alloc KB/gen | peak RSS MB | RSS KB/in-flight | live KB/in-flight | p50 ms | p99 ms |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var n in options.Ints("n", [50, 200, 1000]))
        {
            var ours = await LoadRun.MeasureAsync(emulator.Address, n, pace);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| FluxImaging | {n} | {ours.Completed} | {ours.CpuMsPerGeneration:0.000} | {ours.WorkItemsPerGeneration:0.0} | {ours.AllocatedKbPerGeneration:0.0} | {ours.PeakWorkingSetMb:0.0} | {ours.KbPerInFlight:0.0} | {ours.LiveKbPerInFlight:0.0} | {ours.P50Ms:0.0} | {ours.P99Ms:0.0} |"));

            var peer = await RunNodeAsync(folder, emulator.Address, n, pace);
            var peerCpu = peer.GetProperty("cpuMsPerGeneration").GetDouble();
            var peerKb = peer.GetProperty("kbPerInFlight").GetDouble();
            var peerLive = peer.GetProperty("liveKbPerInFlight").GetDouble();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| @gradio/client 2.7.0 | {n} | {peer.GetProperty("ok").GetInt32()} | {peerCpu:0.000} | — | — | {peer.GetProperty("peakRssMb").GetDouble():0.0} | {peerKb:0.0} | {peerLive:0.0} | {peer.GetProperty("p50Ms").GetDouble():0.0} | {peer.GetProperty("p99Ms").GetDouble():0.0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ours / peer | {n} | | {ours.CpuMsPerGeneration / peerCpu:0.00}× | | | | {ours.KbPerInFlight / Math.Max(0.1, peerKb):0.00}× | {ours.LiveKbPerInFlight / Math.Max(0.1, peerLive):0.00}× | | |"));
        }

        return 0;
    }

    private static async Task<JsonElement> RunNodeAsync(string folder, Uri emulator, int n, int pace)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--expose-gc");
        start.ArgumentList.Add("gradio-client.mjs");
        start.ArgumentList.Add(emulator.AbsoluteUri.TrimEnd('/'));
        start.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(pace.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? JsonDocument.Parse((await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement.Clone()
            : throw new InvalidOperationException($"node failed ({process.ExitCode}): {await error}");
    }
}

using System.Diagnostics;
using System.Globalization;

namespace FluxImaging.LoadTest;

/// <summary>
/// The cost of a process that starts, makes one FLUX.1-dev generation against an emulator that is already running, and
/// ends: the whole process's CPU, start-up included (user + sys from <c>/usr/bin/time</c>), medians of three runs.
/// <c>fluximg generate … --model flux-dev</c> (it also downloads and saves the image) against <c>node</c> running
/// <c>@gradio/client</c> once (<c>benchmarks/peers/gradio-once.mjs</c>; it stops at the result's URL).
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var runs = options.Int("runs", 3);
        var folder = options.String("peers") ?? Path.Combine(Directory.GetCurrentDirectory(), "benchmarks", "peers");
        var fluximg = options.String("fluximg") ?? Path.Combine(Directory.GetCurrentDirectory(), "samples", "FluxImaging.Cli", "bin", "Release", "net10.0", "fluximg");
        await using var emulator = await EmulatorServer.StartAsync(options.Int("pace", 50));
        var output = Directory.CreateTempSubdirectory("fluximg-cold-");
        try
        {
            Console.WriteLine($"Cold start: emulator at {emulator.Address}, {runs} runs each, CPU = user + sys of the whole process");
            Console.WriteLine("| process | runs (user+sys s) | median CPU s | median wall s |\n|---|---|--:|--:|");
            var endpoint = emulator.Address.AbsoluteUri.TrimEnd('/');
            await MeasureAsync("fluximg generate --model flux-dev", runs, () =>
            {
                var start = new ProcessStartInfo(fluximg);
                foreach (var argument in new[] { "generate", "cold start", "--model", "flux-dev", "--steps", "20", "--width", "256", "--height", "256", "--out", output.FullName })
                {
                    start.ArgumentList.Add(argument);
                }

                start.Environment["FluxImaging__Providers__BlackForestLabs__Endpoint"] = endpoint;
                return start;
            });
            await MeasureAsync("node @gradio/client 2.7.0, once", runs, () =>
            {
                var start = new ProcessStartInfo("node") { WorkingDirectory = folder };
                start.ArgumentList.Add("gradio-once.mjs");
                start.ArgumentList.Add(endpoint);
                return start;
            });
        }
        finally
        {
            output.Delete(recursive: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(string label, int runs, Func<ProcessStartInfo> create)
    {
        var cpu = new double[runs];
        var wall = new double[runs];
        for (var run = 0; run < runs; run++)
        {
            var measured = create();
            var timing = Path.GetTempFileName();
            var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-f", "%U %S %e", "-o", timing, measured.FileName })
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var argument in measured.ArgumentList)
            {
                start.ArgumentList.Add(argument);
            }

            start.WorkingDirectory = measured.WorkingDirectory;
            foreach (var (key, value) in measured.Environment)
            {
                start.Environment[key] = value;
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{label} failed ({process.ExitCode}): {await stdout} {await stderr}");
            }

            var fields = (await File.ReadAllTextAsync(timing)).Trim().Split(' ');
            File.Delete(timing);
            cpu[run] = double.Parse(fields[0], CultureInfo.InvariantCulture) + double.Parse(fields[1], CultureInfo.InvariantCulture);
            wall[run] = double.Parse(fields[2], CultureInfo.InvariantCulture);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {label} | {string.Join(", ", cpu.Select(c => c.ToString("0.00", CultureInfo.InvariantCulture)))} | {LoadRun.Median(cpu):0.00} | {LoadRun.Median(wall):0.00} |"));
    }
}

using System.Diagnostics;

namespace FluxImaging.Cli.Tests;

/// <summary>
/// Runs the real <c>fluximg</c> process and keeps the exact bytes it wrote: standard error includes the console
/// logger's lines, which an in-process run does not capture.
/// </summary>
internal static class CliProcess
{
    public static async Task<(int Exit, byte[] Output, byte[] Error)> RunAsync(IReadOnlyDictionary<string, string> configuration, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "fluximg.dll"));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in configuration)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var process = Process.Start(start)!;
        using var output = new MemoryStream();
        using var error = new MemoryStream();
        await Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token),
            process.StandardError.BaseStream.CopyToAsync(error, timeout.Token),
            process.WaitForExitAsync(timeout.Token));
        return (process.ExitCode, output.ToArray(), error.ToArray());
    }
}

using System.Diagnostics;

namespace FluxImaging.Tests.Shared;

/// <summary>Runs another program (node, python, dotnet) to completion for a test; a time-out kills it and fails the test.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="program"/> and returns its exit code, standard output and standard error.</summary>
    /// <param name="program">The program.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="timeout">How long it may take; past it the process tree is killed and the test fails with what it printed.</param>
    /// <param name="arguments">Its arguments, passed as they are.</param>
    /// <param name="prepare">Changes to the start info, e.g. its environment.</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string program, string workingDirectory, TimeSpan timeout, IEnumerable<string> arguments, Action<ProcessStartInfo>? prepare = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        prepare?.Invoke(start);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', start.ArgumentList)} took longer than {timeout}:\n{await output}\n{await error}");
        }

        return (process.ExitCode, await output, await error);
    }
}

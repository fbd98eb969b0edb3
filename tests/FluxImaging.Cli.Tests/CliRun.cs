namespace FluxImaging.Cli.Tests;

/// <summary>Runs <c>fluximg</c> in-process with captured standard output and error.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string[] Lines, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApplication.RunAsync(args, output, error).WaitAsync(TimeSpan.FromMinutes(2));
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), error.ToString());
    }
}

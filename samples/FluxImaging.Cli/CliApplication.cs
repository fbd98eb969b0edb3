using System.CommandLine;
using FluxImaging.Cli.Commands;

namespace FluxImaging.Cli;

/// <summary>The <c>fluximg</c> command tree; writers are passed in so tests can run it in-process.</summary>
internal static class CliApplication
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("fluximg — text to image through FluxImaging, with live progress.")
        {
            GenerateCommand.Create(output, error),
            ModelsCommand.Create(output),
            EmulateCommand.Create(output),
        };

        // Process signals are handled by the caller (Program.cs), which passes them in as the cancellation token.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}

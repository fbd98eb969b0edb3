using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using FluxImaging.Cli.Commands;
using FluxImaging.Cli.Help;
using FluxImaging.Cli.Output;

namespace FluxImaging.Cli;

/// <summary>The <c>fluximg</c> command tree; writers are passed in so tests can run it in-process.</summary>
internal static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // A terminal gets the live display, which writes to the console itself (with its own, escaped, markup).
        var live = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        using var escapedOutput = new EscapingWriter(output);
        using var escapedError = new EscapingWriter(error);
        output = escapedOutput;
        error = escapedError;

        var generate = GenerateCommand.Create(output, error, live);
        var root = new RootCommand("fluximg — text to image through FluxImaging, with live progress.")
        {
            generate,
            ModelsCommand.Create(output, error),
            EmulateCommand.Create(output),
        };
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ModelListingHelpAction((HelpAction)help.Action!, generate);
        root.Options.OfType<VersionOption>().Single().Action = new ToolVersionAction();

        var parse = root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            // Bad usage: System.CommandLine's message (with its typo corrections and the help) goes to standard error,
            // so standard output stays clean for scripts reading --json, and the exit code is the documented 2 rather
            // than the library's 1, which scripts could not tell from a failure.
            await parse.InvokeAsync(new InvocationConfiguration { Output = error, Error = error }, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Process signals are handled by the caller (Program.cs), which passes them in as the cancellation token.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }
}

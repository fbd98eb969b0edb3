using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using FluxImaging.Cli.Commands;
using FluxImaging.Cli.Hosting;
using FluxImaging.Cli.Output;

namespace FluxImaging.Cli.Help;

/// <summary>
/// The usual help, and for <c>generate</c> the models and aliases that the registered providers serve, with the
/// configured default: what <c>--model</c> accepts depends on configuration, so a fixed list in its description would lie.
/// </summary>
internal sealed class ModelListingHelpAction(HelpAction help, Command generate) : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var exitCode = help.Invoke(parseResult);
        if (parseResult.CommandResult.Command != generate)
        {
            return exitCode;
        }

        var output = parseResult.InvocationConfiguration.Output;
        try
        {
            await using var host = await CliHost.StartAsync(offline: false, cancellationToken).ConfigureAwait(false);
            output.WriteLine($"Models (--model; default {PrintableText.From(host.Client.DefaultModel)}, from FluxImaging:DefaultModel):");
            ModelListing.WriteRoutes(host.Client, output, indent: "  ");
        }
        catch (InvalidConfigurationException ex)
        {
            output.WriteLine($"Models: not available, the configuration is invalid: {string.Join(" ", ex.Failures)}");
        }

        output.WriteLine();
        return exitCode;
    }
}

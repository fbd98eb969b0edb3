using System.CommandLine;
using FluxImaging.Cli.Hosting;
using FluxImaging.Cli.Output;

namespace FluxImaging.Cli.Commands;

/// <summary><c>fluximg models</c>: every model id and alias with the providers that serve it, in routing order.</summary>
internal static class ModelsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("models", "List the models, aliases and providers.");
        command.SetAction(async (_, cancellationToken) =>
        {
            CliHost host;
            try
            {
                host = await CliHost.StartAsync(offline: false, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidConfigurationException ex)
            {
                ex.WriteTo(error);
                return ExitCodes.Usage;
            }

            await using var started = host.ConfigureAwait(false);
            var client = host.Client;
            output.WriteLine($"Default model: {PrintableText.From(client.DefaultModel)}");
            ModelListing.WriteRoutes(client, output);

            output.WriteLine();
            foreach (var provider in client.Providers)
            {
                output.WriteLine($"{PrintableText.From(provider.Name),-16} {PrintableText.From(provider.Label)} (default model {PrintableText.From(provider.Models.DefaultModel)})");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

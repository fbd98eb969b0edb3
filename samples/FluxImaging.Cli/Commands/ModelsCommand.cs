using System.CommandLine;
using FluxImaging.Cli.Hosting;

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
            output.WriteLine($"Default model: {client.DefaultModel}");
            ModelListing.WriteRoutes(client, output);

            output.WriteLine();
            foreach (var provider in client.Providers)
            {
                output.WriteLine($"{provider.Name,-16} {provider.Label} (default model {provider.Models.DefaultModel})");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using FluxImaging.Testing;

namespace FluxImaging.Cli.Commands;

/// <summary><c>fluximg emulate</c>: runs the offline emulators until Ctrl+C and prints how to point FluxImaging at them.</summary>
internal static class EmulateCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("emulate", "Run the offline upstream emulators and print their endpoints.");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var emulators = await OfflineEmulators.StartAsync(cancellationToken).ConfigureAwait(false);
            output.WriteLine("Emulated services (point a provider's Endpoint, or HuggingFaceEndpoint, at the emulator):");
            foreach (var (service, emulator) in emulators.Services)
            {
                output.WriteLine($"  {service.AbsoluteUri.TrimEnd('/'),-58} {emulator.AbsoluteUri.TrimEnd('/')}");
            }

            output.WriteLine();
            output.WriteLine("Press Ctrl+C to stop.");
            output.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop the emulators.
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

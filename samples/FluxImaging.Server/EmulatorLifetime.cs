using FluxImaging.Testing;

namespace FluxImaging.Server;

/// <summary>Stops the offline emulators with the server, asynchronously.</summary>
internal sealed class EmulatorLifetime(OfflineEmulators emulators) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => emulators.DisposeAsync().AsTask();
}

using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing;

/// <summary>
/// Every upstream emulator at once, for offline use: start it, add <see cref="Configuration"/> to the application's
/// configuration, and every provider talks to a loopback emulator instead of the internet.
/// </summary>
public sealed class OfflineEmulators : IAsyncDisposable
{
    private OfflineEmulators(FluxSchnellSpace fluxSchnell)
    {
        FluxSchnell = fluxSchnell;
    }

    /// <summary>The FLUX.1-schnell Space (provider <c>Voodoohop</c>).</summary>
    public FluxSchnellSpace FluxSchnell { get; }

    /// <summary>Each provider's name and the emulator endpoint it is pointed at.</summary>
    public IReadOnlyDictionary<string, Uri> Endpoints => new Dictionary<string, Uri>
    {
        ["Voodoohop"] = FluxSchnell.BaseAddress,
    };

    /// <summary>Configuration keys that point every provider at its emulator (<c>FluxImaging:Providers:&lt;Name&gt;:Endpoint</c>).</summary>
    public IReadOnlyDictionary<string, string?> Configuration =>
        Endpoints.ToDictionary(e => $"FluxImaging:Providers:{e.Key}:Endpoint", e => (string?)e.Value.AbsoluteUri.TrimEnd('/'));

    /// <summary>Starts every emulator on free loopback ports.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running emulators.</returns>
    public static async Task<OfflineEmulators> StartAsync(CancellationToken cancellationToken = default)
    {
        var schnell = await FluxSchnellSpace.StartAsync(GradioLayout.Gradio4, cancellationToken).ConfigureAwait(false);
        schnell.RunDelay = TimeSpan.FromMilliseconds(300);
        return new OfflineEmulators(schnell);
    }

    /// <summary>Stops every emulator.</summary>
    /// <returns>A task that completes when all have stopped.</returns>
    public async ValueTask DisposeAsync() => await FluxSchnell.DisposeAsync().ConfigureAwait(false);
}

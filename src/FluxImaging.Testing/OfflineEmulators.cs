using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.ImageLabs;
using FluxImaging.Testing.OpenAI;

namespace FluxImaging.Testing;

/// <summary>
/// Every upstream emulator at once, for offline use: start it, add <see cref="Configuration"/> to the application's
/// configuration, and every provider talks to a loopback emulator instead of the internet.
/// </summary>
public sealed class OfflineEmulators : IAsyncDisposable
{
    private OfflineEmulators(FluxSchnellSpace fluxSchnell, FluxDevSpace fluxDev, HuggingFaceHub huggingFace, ImageLabsEmulator imageLabs, OpenAIImagesEmulator openAI)
    {
        OpenAI = openAI;
        FluxSchnell = fluxSchnell;
        FluxDev = fluxDev;
        HuggingFace = huggingFace;
        ImageLabs = imageLabs;
    }

    /// <summary>An OpenAI-compatible images server (provider <c>OpenAI</c>).</summary>
    public OpenAIImagesEmulator OpenAI { get; }

    /// <summary>The ImageLabs service (provider <c>ImageLabs</c>).</summary>
    public ImageLabsEmulator ImageLabs { get; }

    /// <summary>The FLUX.1-schnell Space (provider <c>Voodoohop</c>).</summary>
    public FluxSchnellSpace FluxSchnell { get; }

    /// <summary>The FLUX.1-dev Space (provider <c>BlackForestLabs</c>).</summary>
    public FluxDevSpace FluxDev { get; }

    /// <summary>The Hugging Face API (ZeroGPU tokens for <c>BlackForestLabs</c>).</summary>
    public HuggingFaceHub HuggingFace { get; }

    /// <summary>Each provider's name and the emulator endpoint it is pointed at.</summary>
    public IReadOnlyDictionary<string, Uri> Endpoints => new Dictionary<string, Uri>
    {
        ["Voodoohop"] = FluxSchnell.BaseAddress,
        ["BlackForestLabs"] = FluxDev.BaseAddress,
        ["ImageLabs"] = ImageLabs.BaseAddress,
        ["OpenAI"] = OpenAI.BaseAddress,
    };

    /// <summary>Configuration keys that point every provider at its emulator (<c>FluxImaging:Providers:&lt;Name&gt;:Endpoint</c> and friends).</summary>
    public IReadOnlyDictionary<string, string?> Configuration
    {
        get
        {
            var configuration = Endpoints.ToDictionary(e => $"FluxImaging:Providers:{e.Key}:Endpoint", e => (string?)e.Value.AbsoluteUri.TrimEnd('/'));
            configuration["FluxImaging:Providers:BlackForestLabs:HuggingFaceEndpoint"] = HuggingFace.BaseAddress.AbsoluteUri.TrimEnd('/');
            configuration["FluxImaging:Providers:ImageLabs:PollInterval"] = "00:00:00.250";
            configuration["FluxImaging:Providers:OpenAI:Models:0"] = "dall-e-3";
            configuration["FluxImaging:Providers:OpenAI:Models:1"] = "gpt-image-1";
            return configuration;
        }
    }

    /// <summary>Starts every emulator on free loopback ports.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running emulators.</returns>
    public static async Task<OfflineEmulators> StartAsync(CancellationToken cancellationToken = default)
    {
        // Paced like the real services, a little faster: progress is visible, nobody waits long.
        var schnell = await FluxSchnellSpace.StartAsync(GradioLayout.Gradio4, cancellationToken).ConfigureAwait(false);
        schnell.RunDelay = TimeSpan.FromMilliseconds(300);
        var dev = await FluxDevSpace.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        dev.StepDelay = TimeSpan.FromMilliseconds(40);
        dev.QueueAhead = 2;
        var huggingFace = await HuggingFaceHub.StartAsync(cancellationToken).ConfigureAwait(false);
        var imageLabs = await ImageLabsEmulator.StartAsync(cancellationToken).ConfigureAwait(false);
        var openAI = await OpenAIImagesEmulator.StartAsync(cancellationToken).ConfigureAwait(false);
        return new OfflineEmulators(schnell, dev, huggingFace, imageLabs, openAI);
    }

    /// <summary>Stops every emulator.</summary>
    /// <returns>A task that completes when all have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await FluxSchnell.DisposeAsync().ConfigureAwait(false);
        await FluxDev.DisposeAsync().ConfigureAwait(false);
        await HuggingFace.DisposeAsync().ConfigureAwait(false);
        await ImageLabs.DisposeAsync().ConfigureAwait(false);
        await OpenAI.DisposeAsync().ConfigureAwait(false);
    }
}

using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.ImageLabs;
using FluxImaging.Testing.OpenAI;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Testing;

/// <summary>
/// Every upstream emulator at once, for offline use: start it, then add <see cref="ConfigurationFor"/> of the
/// application's registered providers to its configuration, and every setting that points at a public service the bundle
/// emulates points at the emulator instead. The bundle knows services, not providers: it asks each registration which
/// URLs its settings default to.
/// </summary>
public sealed class OfflineEmulators : IAsyncDisposable
{
    private readonly IAsyncDisposable[] _all;

    private OfflineEmulators(
        FluxSchnellSpace fluxSchnell,
        FluxDevSpace fluxDev,
        StableDiffusion35LargeSpace sd35,
        FluxKontextDevSpace kontext,
        OfficialFluxSchnellSpace officialSchnell,
        HuggingFaceHub huggingFace,
        ImageLabsEmulator imageLabs,
        OpenAIImagesEmulator openAI,
        PollinationsEmulator pollinations)
    {
        FluxSchnell = fluxSchnell;
        FluxDev = fluxDev;
        StableDiffusion35Large = sd35;
        FluxKontextDev = kontext;
        OfficialFluxSchnell = officialSchnell;
        HuggingFace = huggingFace;
        ImageLabs = imageLabs;
        OpenAI = openAI;
        Pollinations = pollinations;
        _all = [fluxSchnell, fluxDev, sd35, kontext, officialSchnell, huggingFace, imageLabs, openAI, pollinations];
        Services = new Dictionary<Uri, Uri>
        {
            [new Uri("https://voodoohop-flux-1-schnell.hf.space")] = fluxSchnell.BaseAddress,
            [new Uri("https://black-forest-labs-flux-1-dev.hf.space")] = fluxDev.BaseAddress,
            [new Uri("https://stabilityai-stable-diffusion-3-5-large.hf.space")] = sd35.BaseAddress,
            [new Uri("https://black-forest-labs-flux-1-kontext-dev.hf.space")] = kontext.BaseAddress,
            [new Uri("https://black-forest-labs-flux-1-schnell.hf.space")] = officialSchnell.BaseAddress,
            [new Uri("https://huggingface.co")] = huggingFace.BaseAddress,
            [new Uri("https://editor.imagelabs.net")] = imageLabs.BaseAddress,
            [new Uri("https://api.openai.com")] = openAI.BaseAddress,
            [new Uri("https://image.pollinations.ai")] = pollinations.BaseAddress,
        };
    }

    /// <summary>The voodoohop/FLUX.1-schnell Space (Gradio 4).</summary>
    public FluxSchnellSpace FluxSchnell { get; }

    /// <summary>The black-forest-labs/FLUX.1-dev ZeroGPU Space.</summary>
    public FluxDevSpace FluxDev { get; }

    /// <summary>The stabilityai/stable-diffusion-3.5-large Space.</summary>
    public StableDiffusion35LargeSpace StableDiffusion35Large { get; }

    /// <summary>The black-forest-labs/FLUX.1-Kontext-dev Space (editing).</summary>
    public FluxKontextDevSpace FluxKontextDev { get; }

    /// <summary>The black-forest-labs/FLUX.1-schnell Space (official).</summary>
    public OfficialFluxSchnellSpace OfficialFluxSchnell { get; }

    /// <summary>The Hugging Face API: ZeroGPU tokens, and where every emulated Space runs (its id resolves to its emulator).</summary>
    public HuggingFaceHub HuggingFace { get; }

    /// <summary>The ImageLabs service.</summary>
    public ImageLabsEmulator ImageLabs { get; }

    /// <summary>An OpenAI-compatible images server (it stands in for api.openai.com).</summary>
    public OpenAIImagesEmulator OpenAI { get; }

    /// <summary>Pollinations' image API.</summary>
    public PollinationsEmulator Pollinations { get; }

    /// <summary>Each public service the bundle emulates (its origin) and the emulator that stands in for it.</summary>
    public IReadOnlyDictionary<Uri, Uri> Services { get; }

    /// <summary>
    /// Configuration that points providers at the emulators: for each provider (its configuration section and the URLs
    /// its settings default to, as its registration says), every setting whose default is an emulated service's origin
    /// is set to the emulator. Providers whose services are not emulated are left alone.
    /// </summary>
    /// <param name="providers">Each registered provider's configuration section and default URLs by setting name.</param>
    /// <returns>Configuration keys and values, e.g. <c>FluxImaging:Providers:BlackForestLabs:Endpoint</c>.</returns>
    public IReadOnlyDictionary<string, string?> ConfigurationFor(IEnumerable<(string Section, IReadOnlyDictionary<string, Uri> DefaultEndpoints)> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var configuration = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (section, defaults) in providers)
        {
            foreach (var (setting, uri) in defaults)
            {
                if (EmulatorFor(uri) is { } emulator)
                {
                    configuration[$"{section}:{setting}"] = emulator.AbsoluteUri.TrimEnd('/');
                }
            }
        }

        return configuration;
    }

    /// <summary>The emulator that stands in for the service at <paramref name="uri"/>, or null when none does.</summary>
    /// <param name="uri">A public service's URL.</param>
    /// <returns>The emulator's base URL, or null.</returns>
    public Uri? EmulatorFor(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var origin = new Uri(uri.GetLeftPart(UriPartial.Authority));
        return Services.TryGetValue(origin, out var emulator) ? emulator : null;
    }

    /// <summary>Starts every emulator on free loopback ports, paced like the real services but faster.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running emulators.</returns>
    public static async Task<OfflineEmulators> StartAsync(CancellationToken cancellationToken = default)
    {
        var schnell = await FluxSchnellSpace.StartAsync(GradioLayout.Gradio4, cancellationToken).ConfigureAwait(false);
        schnell.RunDelay = TimeSpan.FromMilliseconds(300);
        var dev = await FluxDevSpace.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        dev.StepDelay = TimeSpan.FromMilliseconds(40);
        dev.QueueAhead = 2;
        var sd35 = await StableDiffusion35LargeSpace.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        sd35.StepDelay = TimeSpan.FromMilliseconds(20);
        var kontext = await FluxKontextDevSpace.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        kontext.StepDelay = TimeSpan.FromMilliseconds(20);
        var officialSchnell = await OfficialFluxSchnellSpace.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var huggingFace = await HuggingFaceHub.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var space in (GradioSpaceEmulator[])[schnell, dev, sd35, kontext, officialSchnell])
        {
            if (space.SpaceId is not null)
            {
                huggingFace.AddSpace(space);
            }
        }

        huggingFace.AddSpace("voodoohop/FLUX.1-schnell", schnell.BaseAddress);
        huggingFace.AddSpace("black-forest-labs/FLUX.1-dev", dev.BaseAddress);
        var imageLabs = await ImageLabsEmulator.StartAsync(cancellationToken).ConfigureAwait(false);
        var openAI = await OpenAIImagesEmulator.StartAsync(cancellationToken).ConfigureAwait(false);
        var pollinations = await PollinationsEmulator.StartAsync(cancellationToken).ConfigureAwait(false);
        return new OfflineEmulators(schnell, dev, sd35, kontext, officialSchnell, huggingFace, imageLabs, openAI, pollinations);
    }

    /// <summary>Stops every emulator.</summary>
    /// <returns>A task that completes when all have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var emulator in _all)
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
        }
    }
}

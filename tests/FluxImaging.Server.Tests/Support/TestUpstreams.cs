using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Server.Tests.Support;

/// <summary>
/// The upstreams of the preset Spaces and of Pollinations, started by the fixture itself so that tests hold the very
/// instances they assert on (uploads, recorded requests), whatever <c>--offline</c> starts besides.
/// </summary>
internal sealed class TestUpstreams : IAsyncDisposable
{
    private TestUpstreams(FluxKontextDevSpace kontext, StableDiffusion35LargeSpace sd35Large, OfficialFluxSchnellSpace fluxSchnell, PollinationsEmulator pollinations)
    {
        Kontext = kontext;
        SD35Large = sd35Large;
        FluxSchnell = fluxSchnell;
        Pollinations = pollinations;
    }

    /// <summary>FLUX.1 Kontext [dev] (provider <c>Flux1KontextDev</c>, model <c>flux-kontext-dev</c>).</summary>
    public FluxKontextDevSpace Kontext { get; }

    /// <summary>Stable Diffusion 3.5 Large (provider <c>SD35Large</c>).</summary>
    public StableDiffusion35LargeSpace SD35Large { get; }

    /// <summary>The official FLUX.1 [schnell] Space (provider <c>Flux1Schnell</c>).</summary>
    public OfficialFluxSchnellSpace FluxSchnell { get; }

    /// <summary>Pollinations (provider <c>Pollinations</c>).</summary>
    public PollinationsEmulator Pollinations { get; }

    /// <summary>Requests all of them received, for tests that must prove nothing reached an upstream.</summary>
    public int RequestCount => Kontext.Requests.Count + SD35Large.Requests.Count + FluxSchnell.Requests.Count + Pollinations.Requests.Count;

    /// <summary>The settings that point each provider at its emulator.</summary>
    public IReadOnlyDictionary<string, string?> Configuration => new Dictionary<string, string?>
    {
        ["FluxImaging:Spaces:Flux1KontextDev:Endpoint"] = Kontext.BaseAddress.AbsoluteUri,
        ["FluxImaging:Spaces:SD35Large:Endpoint"] = SD35Large.BaseAddress.AbsoluteUri,
        ["FluxImaging:Spaces:Flux1Schnell:Endpoint"] = FluxSchnell.BaseAddress.AbsoluteUri,
        ["FluxImaging:Providers:Pollinations:Endpoint"] = Pollinations.BaseAddress.AbsoluteUri,
    };

    public static async Task<TestUpstreams> StartAsync()
    {
        // The same protocols, paced for tests.
        var kontext = await FluxKontextDevSpace.StartAsync();
        kontext.StepDelay = TimeSpan.FromMilliseconds(1);
        var sd35Large = await StableDiffusion35LargeSpace.StartAsync();
        sd35Large.StepDelay = TimeSpan.FromMilliseconds(1);
        var fluxSchnell = await OfficialFluxSchnellSpace.StartAsync();
        fluxSchnell.StepDelay = TimeSpan.FromMilliseconds(1);
        var pollinations = await PollinationsEmulator.StartAsync();
        return new TestUpstreams(kontext, sd35Large, fluxSchnell, pollinations);
    }

    public async ValueTask DisposeAsync()
    {
        await Kontext.DisposeAsync();
        await SD35Large.DisposeAsync();
        await FluxSchnell.DisposeAsync();
        await Pollinations.DisposeAsync();
    }
}

using FluxImaging.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary>A FluxImaging client over real sockets with Spaces registered by code, and the events of one generation.</summary>
internal sealed class SpaceHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SpaceHarness(ServiceProvider services)
    {
        _services = services;
    }

    public FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    public IImageProvider Provider(string name) => Client.Providers.Single(p => p.Name == name);

    public static SpaceHarness Start(Action<FluxImagingBuilder> register, Action<FluxImagingOptions>? shared = null)
    {
        var services = new ServiceCollection();
        var builder = services.AddFluxImaging().Configure(o =>
        {
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(5);
            o.Timeouts.Attempt = TimeSpan.FromSeconds(10);
            o.Timeouts.Idle = TimeSpan.FromSeconds(5);
            o.Timeouts.Generation = TimeSpan.FromSeconds(60);
            shared?.Invoke(o);
        });
        register(builder);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return new SpaceHarness(provider);
    }

    /// <summary>Points a Space at an emulator, and its Hugging Face API at a hub (or nowhere reachable).</summary>
    public static Action<GradioSpaceOptions> At(Uri endpoint, HuggingFaceHub? hub = null) => o =>
    {
        o.Endpoint = endpoint;
        o.HuggingFaceEndpoint = hub?.BaseAddress ?? new Uri("http://127.0.0.1:9");
    };

    public async Task<List<ImageEvent>> CollectAsync(ImageRequest request)
    {
        var events = new List<ImageEvent>();
        await foreach (var imageEvent in Client.GenerateAsync(request))
        {
            events.Add(imageEvent);
        }

        return events;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

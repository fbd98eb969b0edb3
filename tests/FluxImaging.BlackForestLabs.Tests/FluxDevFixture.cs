using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.BlackForestLabs.Tests;

/// <summary>A FLUX.1-dev Space and Hugging Face API on loopback, and a DI container pointed at them.</summary>
public abstract class FluxDevFixture
{
    protected FluxDevSpace Space { get; private set; } = null!;

    protected HuggingFaceHub Hub { get; private set; } = null!;

    protected ServiceProvider Services { get; private set; } = null!;

    protected FluxImagingClient Client => Services.GetRequiredService<FluxImagingClient>();

    [SetUp]
    public async Task StartAsync()
    {
        Space = await FluxDevSpace.StartAsync(InferFnIndex);
        Space.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        Space.StepDelay = TimeSpan.FromMilliseconds(1);
        Hub = await HuggingFaceHub.StartAsync();
        Services = Build();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await Services.DisposeAsync();
        await Space.DisposeAsync();
        await Hub.DisposeAsync();
    }

    protected virtual int InferFnIndex => 2;

    protected void Rebuild(Action<BlackForestLabsOptions>? configure = null, Action<FluxImagingOptions>? shared = null)
    {
        Services.Dispose();
        Services = Build(configure, shared);
    }

    protected async Task<List<ImageEvent>> CollectAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        var events = new List<ImageEvent>();
        await foreach (var imageEvent in Client.GenerateAsync(request, cancellationToken))
        {
            events.Add(imageEvent);
        }

        return events;
    }

    private ServiceProvider Build(Action<BlackForestLabsOptions>? configure = null, Action<FluxImagingOptions>? shared = null)
    {
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                o.Timeouts.Attempt = TimeSpan.FromSeconds(5);
                o.Timeouts.Idle = TimeSpan.FromSeconds(1);
                o.Timeouts.Generation = TimeSpan.FromSeconds(30);
                shared?.Invoke(o);
            })
            .AddBlackForestLabs(o =>
            {
                o.Endpoint = Space.BaseAddress;
                o.HuggingFaceEndpoint = Hub.BaseAddress;
                configure?.Invoke(o);
            });
        return services.BuildServiceProvider();
    }
}

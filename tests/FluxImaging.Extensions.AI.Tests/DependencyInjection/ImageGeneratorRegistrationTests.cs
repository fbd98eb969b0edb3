using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Extensions.AI.Tests.DependencyInjection;

/// <summary>
/// <c>AddImageGenerator</c> and <c>AddKeyedImageGenerator</c> register through Microsoft.Extensions.AI's
/// <see cref="ImageGeneratorBuilder"/>, like <c>services.AddImageGenerator(…)</c>: the pipeline built on the returned
/// builder is what the container hands out.
/// </summary>
[TestFixture]
public sealed class ImageGeneratorRegistrationTests
{
    private FluxSchnellSpace _space = null!;
    private ServiceProvider? _services;

    [SetUp]
    public async Task SetUp()
    {
        _services = null;
        _space = await FluxSchnellSpace.StartAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _space.DisposeAsync();
    }

    [Test]
    public async Task The_registered_generator_is_the_pipeline_built_on_the_returned_builder()
    {
        var services = new ServiceCollection();
        var builder = Flux(services).AddImageGenerator("flux-schnell");
        builder.ConfigureOptions(o => (o.AdditionalProperties ??= [])["seed"] = 7);
        _services = services.BuildServiceProvider();

        var generator = _services.GetRequiredService<IImageGenerator>();
        await generator.GenerateImagesAsync("a red fox");

        Assert.That(generator, Is.InstanceOf<ConfigureOptionsImageGenerator>());
        Assert.That(Seeds(), Is.EqualTo(new[] { 7 }));
        Assert.That(generator.GetService<FluxImagingClient>(), Is.SameAs(_services.GetRequiredService<FluxImagingClient>()));
    }

    [Test]
    public async Task Keyed_generators_share_one_client_but_each_has_its_own_default_model_and_pipeline()
    {
        var services = new ServiceCollection();
        var flux = Flux(services);
        flux.AddKeyedImageGenerator("seven", "flux-schnell").ConfigureOptions(o => (o.AdditionalProperties ??= [])["seed"] = 7);
        flux.AddKeyedImageGenerator("eight", "voodoohop-flux-1-schnell").ConfigureOptions(o => (o.AdditionalProperties ??= [])["seed"] = 8);
        _services = services.BuildServiceProvider();

        var seven = _services.GetRequiredKeyedService<IImageGenerator>("seven");
        var eight = _services.GetRequiredKeyedService<IImageGenerator>("eight");
        await seven.GenerateImagesAsync("a red fox");
        await eight.GenerateImagesAsync("a red fox");

        Assert.That(Seeds(), Is.EqualTo(new[] { 7, 8 }));
        Assert.That(seven.GetService<ImageGeneratorMetadata>()!.DefaultModelId, Is.EqualTo("flux-schnell"));
        Assert.That(eight.GetService<ImageGeneratorMetadata>()!.DefaultModelId, Is.EqualTo("voodoohop-flux-1-schnell"));
        Assert.That(seven.GetService<FluxImagingClient>(), Is.SameAs(eight.GetService<FluxImagingClient>()));
        Assert.That(_services.GetService<IImageGenerator>(), Is.Null, "keyed registrations add no unkeyed generator");
    }

    [Test]
    public void The_lifetime_is_a_singleton_unless_asked_otherwise()
    {
        var services = new ServiceCollection();
        var flux = Flux(services);
        flux.AddImageGenerator();
        flux.AddKeyedImageGenerator("scoped", lifetime: ServiceLifetime.Scoped);

        var descriptors = services.Where(d => d.ServiceType == typeof(IImageGenerator)).ToList();
        Assert.That(descriptors.Select(d => (d.ServiceKey, d.Lifetime)), Is.EqualTo(new[]
        {
            ((object?)null, ServiceLifetime.Singleton),
            ("scoped", ServiceLifetime.Scoped),
        }));
    }

    [Test]
    public void A_keyed_registration_needs_a_key()
    {
        Assert.That(() => Flux(new ServiceCollection()).AddKeyedImageGenerator(null!), Throws.ArgumentNullException);
    }

    private FluxImagingBuilder Flux(IServiceCollection services) =>
        services.AddFluxImaging().AddVoodoohop(o => o.Endpoint = _space.BaseAddress);

    /// <summary>The seed of every generation the Space received, in order.</summary>
    private IEnumerable<int> Seeds() =>
        _space.Requests.Where(r => r.Method == "POST").Select(r => JsonNode.Parse(r.BodyText)!["data"]![1]!.GetValue<int>());
}

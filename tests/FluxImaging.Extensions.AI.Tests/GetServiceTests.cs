using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI.Tests;

/// <summary><c>GetService</c> answers as Microsoft's own adapters do: exact types, and nothing for a keyed request.</summary>
[TestFixture]
public sealed class GetServiceTests
{
    private readonly FluxImagingClient _client = new ScriptedProvider().Client();

    [Test]
    public void The_metadata_names_the_provider_fluximaging_the_default_model_and_no_endpoint()
    {
        var metadata = _client.AsIImageGenerator("flux-schnell").GetService<ImageGeneratorMetadata>();

        Assert.That(metadata, Is.Not.Null);
        Assert.That(metadata!.ProviderName, Is.EqualTo("fluximaging"));
        Assert.That(metadata.DefaultModelId, Is.EqualTo("flux-schnell"));
        Assert.That(metadata.ProviderUri, Is.Null, "one generator fronts several upstreams; no single endpoint is right");
    }

    [Test]
    public void Without_a_default_model_the_metadata_names_the_clients_default()
    {
        Assert.That(_client.AsIImageGenerator().GetService<ImageGeneratorMetadata>()!.DefaultModelId, Is.EqualTo(_client.DefaultModel));
    }

    [Test]
    public void The_underlying_client_is_returned_for_its_own_type()
    {
        Assert.That(_client.AsIImageGenerator().GetService<FluxImagingClient>(), Is.SameAs(_client));
    }

    [Test]
    public void The_generator_returns_itself_for_the_types_it_is()
    {
        var generator = _client.AsIImageGenerator();

        Assert.That(generator.GetService<IImageGenerator>(), Is.SameAs(generator));
        Assert.That(generator.GetService<IDisposable>(), Is.SameAs(generator));
        Assert.That(generator.GetService<object>(), Is.SameAs(generator), "object is the generator, not the client it wraps");
    }

    [Test]
    public void Types_it_is_not_and_does_not_hold_give_null()
    {
        var generator = _client.AsIImageGenerator();

        Assert.That(generator.GetService<IImageProvider>(), Is.Null);
        Assert.That(generator.GetService<ImageGeneratorBuilder>(), Is.Null);
        Assert.That(generator.GetService<string>(), Is.Null);
    }

    [Test]
    public void A_keyed_request_gives_null_for_every_type()
    {
        var generator = _client.AsIImageGenerator();

        Assert.That(generator.GetService<ImageGeneratorMetadata>("key"), Is.Null);
        Assert.That(generator.GetService<FluxImagingClient>("key"), Is.Null);
        Assert.That(generator.GetService<IImageGenerator>("key"), Is.Null);
    }

    [Test]
    public void A_null_service_type_is_an_argument_error()
    {
        Assert.That(() => _client.AsIImageGenerator().GetService(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void Through_a_pipeline_the_client_and_metadata_are_still_found_and_the_generator_is_the_outermost_layer()
    {
        using var pipeline = _client.AsIImageGenerator("flux-schnell").AsBuilder().UseOpenTelemetry().ConfigureOptions(_ => { }).Build();

        Assert.That(pipeline.GetService<FluxImagingClient>(), Is.SameAs(_client));
        Assert.That(pipeline.GetService<ImageGeneratorMetadata>()!.ProviderName, Is.EqualTo("fluximaging"));
        Assert.That(pipeline.GetService<IImageGenerator>(), Is.SameAs(pipeline));
    }
}

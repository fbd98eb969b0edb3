using System.Drawing;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Extensions.AI.Tests;

/// <summary>A generation through the registered generator against the FLUX.1-schnell Space emulator: how options map.</summary>
[TestFixture]
public sealed class ImageGeneratorTests
{
    private FluxSchnellSpace _space = null!;
    private ServiceProvider _services = null!;

    private IImageGenerator Generator => _services.GetRequiredService<IImageGenerator>();

    [SetUp]
    public async Task SetUp()
    {
        _space = await FluxSchnellSpace.StartAsync();
        var services = new ServiceCollection();
        services.AddFluxImaging().AddVoodoohop(o => o.Endpoint = _space.BaseAddress).AddImageGenerator("flux-schnell");
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _space.DisposeAsync();
    }

    [Test]
    public async Task Options_map_to_the_request_and_data_comes_back_as_DataContent()
    {
        var response = await Generator.GenerateImagesAsync("a lighthouse at dawn", new ImageGenerationOptions
        {
            ModelId = "flux-schnell",
            Count = 2,
            ImageSize = new Size(512, 384),
            ResponseFormat = ImageGenerationResponseFormat.Data,
            AdditionalProperties = new() { ["seed"] = 42, ["steps"] = 3 },
        });

        Assert.That(response.Contents, Has.Count.EqualTo(2).And.All.InstanceOf<DataContent>());
        var data = (DataContent)response.Contents[0];
        Assert.That(data.MediaType, Is.EqualTo("image/png"));
        Assert.That(data.Data.ToArray().AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        var bodies = _space.Requests.Where(r => r.Method == "POST").Select(r => JsonNode.Parse(r.BodyText)!.ToJsonString()).ToList();
        // One call per image; the seed counts up from the one asked for, so the two images differ and both can be re-made.
        Assert.That(bodies, Is.EqualTo(new[] { """{"data":["a lighthouse at dawn",42,false,512,384,3]}""", """{"data":["a lighthouse at dawn",43,false,512,384,3]}""" }));
    }

    [Test]
    public async Task Uri_format_gives_UriContent()
    {
        var response = await Generator.GenerateImagesAsync("a red fox", new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Uri });

        var content = response.Contents.Single();
        Assert.That(content, Is.InstanceOf<UriContent>());
        Assert.That(((UriContent)content).Uri.AbsoluteUri, Does.StartWith(_space.BaseAddress.AbsoluteUri));
        Assert.That(content.RawRepresentation, Is.InstanceOf<GeneratedImage>());
    }

    [Test]
    public async Task A_raw_representation_factory_supplies_a_whole_request()
    {
        var response = await Generator.GenerateAsync(
            new ImageGenerationRequest("ignored when the factory gives a prompt"),
            new ImageGenerationOptions { RawRepresentationFactory = _ => new ImageRequest("from the factory") { Model = "flux-schnell", Seed = 5, Width = 256, Height = 256 } });

        Assert.That(response.Contents, Has.Count.EqualTo(1));
        Assert.That(JsonNode.Parse(_space.Requests.Single(r => r.Method == "POST").BodyText)!["data"]![0]!.GetValue<string>(), Is.EqualTo("from the factory"));
    }

    [Test]
    public void Failures_surface_as_FluxImagingException()
    {
        _space.FailNext(SpaceFault.HiddenError);

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Generator.GenerateImagesAsync("a cat"))!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
    }

    [Test]
    public async Task The_former_name_AsImageGenerator_still_gives_a_working_generator()
    {
#pragma warning disable CS0618 // The obsolete name is what this test is about.
        using var generator = _services.GetRequiredService<FluxImagingClient>().AsImageGenerator("flux-schnell");
#pragma warning restore CS0618

        var response = await generator.GenerateImagesAsync("a red fox");

        Assert.That(response.Contents, Has.Count.EqualTo(1));
        Assert.That(generator.GetService<ImageGeneratorMetadata>()!.ProviderName, Is.EqualTo("fluximaging"));
    }
}

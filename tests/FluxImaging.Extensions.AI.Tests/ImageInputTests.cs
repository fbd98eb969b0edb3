using FluxImaging.Gradio;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Extensions.AI.Tests;

/// <summary>
/// Editing (<see cref="ImageGenerationRequest.OriginalImages"/>): the images become the request's input images and
/// reach a model that takes them, over real sockets against the FLUX.1 Kontext emulator; a model that takes none refuses.
/// </summary>
[TestFixture]
public sealed class ImageInputTests
{
    private FluxKontextDevSpace _kontext = null!;
    private FluxSchnellSpace _schnell = null!;
    private ServiceProvider _services = null!;

    private IImageGenerator Generator => _services.GetRequiredService<IImageGenerator>();

    [SetUp]
    public async Task SetUp()
    {
        _kontext = await FluxKontextDevSpace.StartAsync();
        _kontext.StepDelay = TimeSpan.FromMilliseconds(1);
        _schnell = await FluxSchnellSpace.StartAsync();
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .AddGradioSpace(GradioSpacePresets.Flux1KontextDev, o => o.Endpoint = _kontext.BaseAddress)
            .AddVoodoohop(o => o.Endpoint = _schnell.BaseAddress)
            .AddImageGenerator("flux-kontext");
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _kontext.DisposeAsync();
        await _schnell.DisposeAsync();
    }

    [Test]
    public async Task EditImageAsync_uploads_the_image_and_returns_its_edit()
    {
        var photo = PngImage.Render("a photo", 3, 48, 32);

        var response = await Generator.EditImageAsync(new DataContent(photo, "image/png") { Name = "photo.png" }, "make it night", new ImageGenerationOptions
        {
            ResponseFormat = ImageGenerationResponseFormat.Data,
            AdditionalProperties = new() { ["seed"] = 9 },
        });

        var upload = _kontext.Uploads.Single();
        Assert.That((upload.FileName, upload.Content.ToArray()), Is.EqualTo(("photo.png", photo)));
        var edited = (DataContent)response.Contents.Single();
        Assert.That(edited.Data.ToArray(), Is.EqualTo(FluxKontextDevSpace.RenderEdit(photo, "make it night", 9)));
    }

    [Test]
    public async Task A_generated_image_by_URL_can_be_edited_next()
    {
        var generated = await Generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { ModelId = "flux-schnell", ResponseFormat = ImageGenerationResponseFormat.Uri });
        var url = (UriContent)generated.Contents.Single();
        var bytes = (await ((GeneratedImage)url.RawRepresentation!).ReadAllBytesAsync()).ToArray();

        var response = await Generator.GenerateAsync(new ImageGenerationRequest("make it snow", [url]), new ImageGenerationOptions
        {
            ResponseFormat = ImageGenerationResponseFormat.Data,
            AdditionalProperties = new() { ["seed"] = 4 },
        });

        Assert.That(_kontext.Uploads.Single().Content.ToArray(), Is.EqualTo(bytes), "the URL was downloaded and its bytes uploaded");
        Assert.That(((DataContent)response.Contents.Single()).Data.ToArray(), Is.EqualTo(FluxKontextDevSpace.RenderEdit(bytes, "make it snow", 4)));
    }

    [Test]
    public void An_original_that_is_not_an_image_is_an_argument_error_and_nothing_is_sent()
    {
        var request = new ImageGenerationRequest("make it night", [new TextContent("a photo, I promise")]);

        var error = Assert.ThrowsAsync<ArgumentException>(() => Generator.GenerateAsync(request));

        Assert.That(error!.Message, Does.StartWith("OriginalImages holds a TextContent; give images as DataContent or UriContent"));
        Assert.That(_kontext.Requests, Is.Empty);
    }

    [Test]
    public void A_model_that_takes_no_image_refuses_an_edit_before_anything_is_sent()
    {
        var provider = new ScriptedProvider(new GeneratedImage(ScriptedProvider.Png(), "image/png"));

        var error = Assert.ThrowsAsync<FluxImagingException>(() =>
            provider.Client().AsIImageGenerator().EditImageAsync(new DataContent(ScriptedProvider.Png(), "image/png"), "make it blue"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.InvalidRequest));
        Assert.That(provider.Requests, Is.Empty);
    }

    [Test]
    public void An_empty_list_of_original_images_is_a_plain_generation()
    {
        var provider = new ScriptedProvider(new GeneratedImage(ScriptedProvider.Png(), "image/png"));

        Assert.That(async () => await provider.Client().AsIImageGenerator().GenerateAsync(new ImageGenerationRequest("a red fox", [])), Throws.Nothing);
        Assert.That(provider.Requests.Single().Prompt, Is.EqualTo("a red fox"));
    }

    [Test]
    public void A_request_without_a_prompt_is_an_argument_error()
    {
        var provider = new ScriptedProvider();

        Assert.ThrowsAsync<ArgumentException>(() => provider.Client().AsIImageGenerator().GenerateAsync(new ImageGenerationRequest()));
    }
}

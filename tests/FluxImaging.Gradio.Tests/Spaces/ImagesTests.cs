using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary>Images in and out: Gallery outputs, n images, uploads and editing.</summary>
[TestFixture]
public sealed class ImagesTests
{
    [TestCase(GradioLayout.Gradio4)]
    [TestCase(GradioLayout.Gradio5)]
    [TestCase(GradioLayout.Gradio6)]
    public async Task A_Gallery_Space_with_a_count_parameter_makes_n_images_in_one_call(GradioLayout layout)
    {
        await using var space = await ImageGallerySpace.StartAsync(layout);
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Gallery", SpaceHarness.At(space.BaseAddress)));

        var response = await harness.Client.GenerateImageAsync(new ImageRequest("three cats") { Model = "gallery", Count = 3, Width = 256, Height = 256 });

        Assert.That(response.Images, Has.Count.EqualTo(3));
        Assert.That(space.Runs, Is.EqualTo(1));
        var bytes = await Task.WhenAll(response.Images.Select(async i => Convert.ToHexString((await i.ReadAllBytesAsync()).Span)));
        Assert.That(bytes.Distinct().Count(), Is.EqualTo(3), "three different images");
        Assert.That(MappingTests.JoinData(space)[6], Is.EqualTo(3L), "num_images");
    }

    [Test]
    public async Task Without_a_count_parameter_n_images_are_n_calls_with_consecutive_seeds()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", SpaceHarness.At(space.BaseAddress)));

        var events = await harness.CollectAsync(new ImageRequest("a cat") { Model = "sd3.5", Count = 3, Seed = 11 });

        var joins = space.Requests.Where(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)).ToList();
        Assert.That(joins, Has.Count.EqualTo(3));
        Assert.That(joins.Select(j => System.Text.Json.JsonDocument.Parse(j.Body).RootElement.GetProperty("data")[2].GetInt64()), Is.EqualTo(new[] { 11L, 12L, 13L }));
        Assert.That(events.OfType<ImageResponse>().Single().Images, Has.Count.EqualTo(3));
        Assert.That(events.OfType<Reasoning>().Select(r => r.Status), Does.Contain("Submitted image 3 of 3 to Stable Diffusion 3.5 Large"));
    }

    [Test]
    public async Task Kontext_uploads_the_input_image_and_returns_the_edit_of_those_bytes()
    {
        await using var space = await FluxKontextDevSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Flux1KontextDev", SpaceHarness.At(space.BaseAddress)));
        var photo = PngImage.Render("a photo", 3, 48, 32);

        var events = await harness.CollectAsync(new ImageRequest("make it night") { Model = "flux-kontext", Seed = 9, InputImages = [new ImageInput(photo, "image/png", "photo.png")] });

        var upload = space.Uploads.Single();
        Assert.That((upload.FileName, upload.ContentType), Is.EqualTo(("photo.png", "image/png")));
        Assert.That(upload.Content.ToArray(), Is.EqualTo(photo));
        var final = events.OfType<ImageResponse>().Single();
        Assert.That((await final.Images.Single().ReadAllBytesAsync()).ToArray(), Is.EqualTo(FluxKontextDevSpace.RenderEdit(photo, "make it night", 9)));
        Assert.That(events.OfType<ImagePreview>(), Is.Not.Empty, "the generator's yields are previews");
        Assert.That(final.Images, Has.Count.EqualTo(1), "the reuse-button update is not an image");
    }

    [Test]
    public async Task Kontext_without_an_input_image_is_refused_before_anything_is_sent()
    {
        await using var space = await FluxKontextDevSpace.StartAsync();
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Flux1KontextDev", SpaceHarness.At(space.BaseAddress)));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("make it night", "flux-kontext"));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, "The model 'flux-kontext' needs an input image.")));
        Assert.That(space.Requests, Is.Empty);
    }

    [Test]
    public async Task A_text_only_Space_refuses_an_input_image_once_it_knows_its_parameters()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Generic", SpaceHarness.At(space.BaseAddress)));
        var photo = new ImageInput(PngImage.Render("p", 1, 4, 4), "image/png");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync(new ImageRequest("x") { Model = "generic", InputImages = [photo] }));
        var second = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync(new ImageRequest("x") { Model = "generic", InputImages = [photo] }));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.InvalidRequest));
        Assert.That(second!.Message, Is.EqualTo("The model 'generic' takes no input image."), "after discovery the client knows before calling");
        Assert.That(space.Requests.Count(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)), Is.Zero);
    }

    [TestCase("file:///etc/passwd")]
    [TestCase("javascript:alert(1)")]
    public async Task A_result_file_that_is_not_http_is_a_protocol_error(string url)
    {
        await using var space = await FluxSchnellSpace.StartAsync(GradioLayout.Gradio5);
        space.FileUrlOverride = url;
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Schnell", SpaceHarness.At(space.BaseAddress)));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(error.Message, Does.Contain("neither http nor https"));
    }

    [Test]
    public async Task A_mask_is_uploaded_with_the_image_and_reaches_the_parameter_named_for_it()
    {
        await using var space = await InpaintingSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Inpaint", SpaceHarness.At(space.BaseAddress)));
        var photo = PngImage.Render("a photo", 3, 48, 32);
        var mask = PngImage.Render("a mask", 4, 48, 32);

        var response = await harness.Client.GenerateImageAsync(new ImageRequest("a red door")
        {
            Model = "inpaint",
            Seed = 7,
            InputImages = [new ImageInput(photo, "image/png", "photo.png")],
            Mask = new ImageInput(mask, "image/png", "mask.png"),
        });

        Assert.That(space.Uploads.Select(u => (u.FileName, u.Content.ToArray())), Is.EqualTo(new[] { ("photo.png", photo), ("mask.png", mask) }));
        Assert.That((await response.Images.Single().ReadAllBytesAsync()).ToArray(), Is.EqualTo(InpaintingSpace.RenderInpaint(photo, mask, "a red door", 7)));
        var models = harness.Provider("Inpaint").Models;
        Assert.That((models.ImageInput, models.AcceptsMask), Is.EqualTo((ImageInputSupport.Required, true)), "after discovery, the Space's own API decides");
    }

    [Test]
    public async Task A_mask_for_a_Space_without_a_mask_parameter_is_refused_before_anything_is_uploaded()
    {
        await using var space = await FluxKontextDevSpace.StartAsync();
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Editor", SpaceHarness.At(space.BaseAddress)));
        var photo = PngImage.Render("a photo", 3, 48, 32);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync(new ImageRequest("make it night")
        {
            Model = "editor",
            InputImages = [new ImageInput(photo, "image/png", "photo.png")],
            Mask = new ImageInput(photo, "image/png", "mask.png"),
        }));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, "The Space's /infer takes no mask.")));
        Assert.That(space.Uploads, Is.Empty);
        Assert.That(harness.Provider("Editor").Models.AcceptsMask, Is.False, "after discovery, the Space's own API decides");
    }

    [Test]
    public async Task The_Kontext_preset_refuses_a_mask_before_its_Space_is_asked_anything()
    {
        await using var space = await FluxKontextDevSpace.StartAsync();
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Flux1KontextDev", SpaceHarness.At(space.BaseAddress)));
        var photo = PngImage.Render("a photo", 3, 48, 32);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync(new ImageRequest("make it night")
        {
            Model = "flux-kontext",
            InputImages = [new ImageInput(photo, "image/png", "photo.png")],
            Mask = new ImageInput(photo, "image/png", "mask.png"),
        }));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, "The model 'flux-kontext' takes no mask.")));
        Assert.That(space.Requests, Is.Empty);
    }

    [Test]
    public async Task Without_its_mask_an_inpainting_Space_is_asked_nothing_and_says_which_input_is_missing()
    {
        await using var space = await InpaintingSpace.StartAsync();
        await using var harness = SpaceHarness.Start(b => b.AddGradioSpace("Inpaint", SpaceHarness.At(space.BaseAddress)));
        var photo = PngImage.Render("a photo", 3, 48, 32);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync(new ImageRequest("a red door")
        {
            Model = "inpaint",
            InputImages = [new ImageInput(photo, "image/png", "photo.png")],
        }));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, "/inpaint needs a mask ('mask_image').")));
        Assert.That(space.Requests.Where(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)), Is.Empty);
    }
}

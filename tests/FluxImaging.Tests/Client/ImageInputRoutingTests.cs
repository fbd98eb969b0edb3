using FluxImaging.Testing.Imaging;
using FluxImaging.Tests.Support;

namespace FluxImaging.Tests.Client;

/// <summary>Input images decide which providers are tried, for every provider, without the provider checking.</summary>
[TestFixture]
public sealed class ImageInputRoutingTests
{
    private static readonly ImageInput Photo = new(PngImage.Render("photo", 1, 8, 8), "image/png", "photo.png");

    [Test]
    public void A_model_that_takes_no_image_refuses_a_request_with_one_before_anything_is_sent()
    {
        var text = new ScriptedProvider("Text", ScriptedProvider.Flux("text-1"), p => p.Final());
        var client = new FluxImagingClient([text]);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync(new ImageRequest("make it blue") { Model = "text-1", InputImages = [Photo] }));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, "The model 'text-1' takes no input image.")));
        Assert.That(text.Runs, Is.Zero);
    }

    [Test]
    public void An_editing_model_refuses_a_request_without_an_image()
    {
        var editor = new ScriptedProvider("Editor", new ImageProviderModels("edit-1") { ImageInput = ImageInputSupport.Required }, p => p.Final());
        var client = new FluxImagingClient([editor]);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync("make it blue", "edit-1"));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, "The model 'edit-1' needs an input image.")));
        Assert.That(editor.Runs, Is.Zero);
    }

    [Test]
    public async Task A_shared_alias_sends_an_image_request_only_to_the_providers_that_take_images()
    {
        var text = new ScriptedProvider("Text", ScriptedProvider.Flux("text-1", new ModelAlias("flux", 300)), p => p.Final());
        var editor = new ScriptedProvider("Editor", new ImageProviderModels("edit-1", aliases: ["flux"]) { ImageInput = ImageInputSupport.Optional }, p => p.Final());
        var client = new FluxImagingClient([text, editor]);

        var response = await client.GenerateImageAsync(new ImageRequest("make it blue") { Model = "flux", InputImages = [Photo] });
        var plain = await client.GenerateImageAsync("a cat", "flux");

        Assert.That((response.Provider, plain.Provider), Is.EqualTo(("Editor", "Text")));
        Assert.That(editor.LastRequest!.InputImages, Is.EqualTo(new[] { Photo }));
    }

    [Test]
    public void Too_many_images_or_an_unwanted_mask_are_refused()
    {
        var editor = new ScriptedProvider("Editor", new ImageProviderModels("edit-1") { ImageInput = ImageInputSupport.Required }, p => p.Final());
        var client = new FluxImagingClient([editor]);

        var many = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync(new ImageRequest("x") { Model = "edit-1", InputImages = [Photo, Photo] }));
        var mask = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync(new ImageRequest("x") { Model = "edit-1", InputImages = [Photo], Mask = Photo }));

        Assert.That(many!.Message, Does.Contain("at most 1 input image"));
        Assert.That(mask!.Message, Does.Contain("takes no mask"));
    }

    [Test]
    public async Task An_input_image_file_is_read_with_the_media_type_of_its_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fluximaging-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(path, PngImage.Render("named jpg but png", 2, 4, 4));
        try
        {
            var input = await ImageInput.FromFileAsync(path);

            Assert.That((input.MediaType, input.FileName), Is.EqualTo(("image/png", Path.GetFileName(path))));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_file_that_is_no_image_is_refused_by_its_bytes()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fluximaging-{Guid.NewGuid():N}.png");
        File.WriteAllText(path, "<html>not an image</html>");
        try
        {
            Assert.That(async () => await ImageInput.FromFileAsync(path), Throws.ArgumentException.With.Message.Contains("not a PNG"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

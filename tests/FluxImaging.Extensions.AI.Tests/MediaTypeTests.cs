using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI.Tests;

/// <summary>
/// <see cref="ImageGenerationOptions.MediaType"/> is a wish FluxImaging cannot enforce (its upstreams pick their own
/// formats and it does not transcode): like Microsoft's OpenAI adapter, contents carry the media type of the image as it
/// came back, never the requested one, and the wish is not forwarded to upstreams that would reject it.
/// </summary>
[TestFixture]
public sealed class MediaTypeTests
{
    [Test]
    public async Task Asking_for_png_when_the_upstream_made_webp_gives_the_webp_bytes_labelled_image_webp()
    {
        var webp = ScriptedProvider.WebP();
        var provider = new ScriptedProvider(new GeneratedImage(webp, "image/webp"));

        var response = await provider.Client().AsIImageGenerator().GenerateImagesAsync("a lighthouse", new ImageGenerationOptions
        {
            MediaType = "image/png",
            ResponseFormat = ImageGenerationResponseFormat.Data,
        });

        var data = (DataContent)response.Contents.Single();
        Assert.That(data.MediaType, Is.EqualTo("image/webp"));
        Assert.That(data.Data.ToArray(), Is.EqualTo(webp));
    }

    [Test]
    public async Task Bytes_are_labelled_by_what_they_are_even_when_the_provider_mislabels_them()
    {
        var provider = new ScriptedProvider(new GeneratedImage(ScriptedProvider.Jpeg(), "image/png"));

        var response = await provider.Client().AsIImageGenerator().GenerateImagesAsync("a lighthouse", new ImageGenerationOptions
        {
            MediaType = "image/png",
            ResponseFormat = ImageGenerationResponseFormat.Data,
        });

        Assert.That(((DataContent)response.Contents.Single()).MediaType, Is.EqualTo("image/jpeg"));
    }

    [Test]
    public async Task Asking_for_webp_when_the_upstream_made_png_gives_image_png()
    {
        var provider = new ScriptedProvider(new GeneratedImage(ScriptedProvider.Png(), "image/png"));

        var response = await provider.Client().AsIImageGenerator().GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { MediaType = "image/webp" });

        Assert.That(((DataContent)response.Contents.Single()).MediaType, Is.EqualTo("image/png"));
    }

    [Test]
    public async Task A_url_is_labelled_with_the_providers_media_type_then_by_its_extension_then_as_some_image()
    {
        var provider = new ScriptedProvider(
            new GeneratedImage(new Uri("https://images.example/stated"), "image/gif"),
            new GeneratedImage(new Uri("https://images.example/run/image.webp")),
            new GeneratedImage(new Uri("https://images.example/file?id=7")));

        var response = await provider.Client().AsIImageGenerator().GenerateImagesAsync("a lighthouse", new ImageGenerationOptions
        {
            Count = 3,
            MediaType = "image/png",
            ResponseFormat = ImageGenerationResponseFormat.Uri,
        });

        Assert.That(response.Contents.Cast<UriContent>().Select(c => c.MediaType), Is.EqualTo(new[] { "image/gif", "image/webp", "image/*" }));
    }

    [Test]
    public async Task The_requested_media_type_is_not_sent_upstream_but_an_explicit_output_format_extra_is()
    {
        var provider = new ScriptedProvider(new GeneratedImage(ScriptedProvider.Png(), "image/png"));
        var generator = provider.Client().AsIImageGenerator();

        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { MediaType = "image/jpeg" });
        await generator.GenerateImagesAsync("a lighthouse", new ImageGenerationOptions { AdditionalProperties = new() { ["output_format"] = "jpeg" } });

        var requests = provider.Requests.ToArray();
        Assert.That(requests[0].AdditionalProperties, Is.Empty);
        Assert.That(requests[1].AdditionalProperties, Is.EquivalentTo(new Dictionary<string, object?> { ["output_format"] = "jpeg" }));
    }
}

using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI.Tests;

/// <summary>
/// Editing and variations (<see cref="ImageGenerationRequest.OriginalImages"/>) are not available yet: callers get a
/// <see cref="NotSupportedException"/> that says so before anything is sent upstream.
/// </summary>
[TestFixture]
public sealed class ImageInputTests
{
    [Test]
    public void Editing_an_image_is_not_supported_and_nothing_is_sent()
    {
        var provider = new ScriptedProvider(new GeneratedImage(ScriptedProvider.Png(), "image/png"));

        var error = Assert.ThrowsAsync<NotSupportedException>(() =>
            provider.Client().AsIImageGenerator().EditImageAsync(new DataContent(ScriptedProvider.Png(), "image/png"), "make it blue"));

        Assert.That(error!.Message, Does.Contain("text prompt only").And.Contain("OriginalImages"));
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

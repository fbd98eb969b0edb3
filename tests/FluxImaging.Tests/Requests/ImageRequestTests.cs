namespace FluxImaging.Tests.Requests;

[TestFixture]
public sealed class ImageRequestTests
{
    [TestCase("")]
    [TestCase("   ")]
    public void An_empty_prompt_is_rejected_at_the_call(string prompt) =>
        Assert.Throws<ArgumentException>(() => _ = new ImageRequest(prompt));

    [TestCase(0)]
    [TestCase(-768)]
    public void A_non_positive_size_is_rejected_at_the_call(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ImageRequest("a cat") { Width = size });
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ImageRequest("a cat") { Height = size });
    }

    [Test]
    public void An_unknown_aspect_ratio_is_rejected_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new ImageRequest("a cat") { AspectRatio = "7:3" });
        Assert.That(error!.Message, Does.Contain("16:9"));
    }

    [TestCase(double.NaN)]
    [TestCase(-1.0)]
    public void An_impossible_guidance_scale_is_rejected(double guidance) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ImageRequest("a cat") { GuidanceScale = guidance });

    [TestCase("1:1", 1024, 1024)]
    [TestCase("16:9", 1024, 576)]
    [TestCase("9:16", 576, 1024)]
    [TestCase("4:3", 1024, 768)]
    [TestCase("3:4", 768, 1024)]
    [TestCase("21:9", 1024, 440)]
    [TestCase("9:21", 440, 1024)]
    public void An_aspect_ratio_maps_to_the_shared_size_table(string ratio, int width, int height) =>
        Assert.That(new ImageRequest("a cat") { AspectRatio = ratio }.ResolveSize(new ImageSize(768, 768)), Is.EqualTo(new ImageSize(width, height)));

    [Test]
    public void Explicit_dimensions_win_and_the_ratio_fills_only_the_missing_one() =>
        Assert.That(new ImageRequest("a cat") { AspectRatio = "16:9", Width = 800 }.ResolveSize(new ImageSize(768, 768)), Is.EqualTo(new ImageSize(800, 576)));

    [Test]
    public void Without_size_or_ratio_the_provider_default_applies() =>
        Assert.That(new ImageRequest("a cat").ResolveSize(new ImageSize(768, 768)), Is.EqualTo(new ImageSize(768, 768)));

    [Test]
    public void The_prompt_of_a_conversation_is_its_last_user_message()
    {
        var request = ImageRequest.FromMessages(
        [
            new PromptMessage("system", "You draw."),
            new PromptMessage("user", "a dog"),
            new PromptMessage("assistant", "Here is a dog."),
            new PromptMessage("user", "a lighthouse at dawn"),
            new PromptMessage("assistant", "Working on it."),
        ]);

        Assert.That(request.Prompt, Is.EqualTo("a lighthouse at dawn"));
    }

    [Test]
    public void A_conversation_without_a_user_message_is_rejected() =>
        Assert.Throws<ArgumentException>(() => ImageRequest.FromMessages([new PromptMessage("system", "You draw.")]));

    [Test]
    public void ToString_does_not_reveal_the_prompt() =>
        Assert.That(new ImageRequest("my secret plan") { Model = "flux" }.ToString(), Does.Not.Contain("secret").And.Contain("flux"));
}

using System.Globalization;
using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Pollinations.Tests;

/// <summary>What one generation sends and returns, over a real loopback socket to the emulated service.</summary>
[TestFixture]
public sealed class RequestTests : EmulatedServiceFixture
{
    [Test]
    public async Task The_image_is_the_png_the_service_rendered_for_the_prompt_seed_size_and_model()
    {
        var response = await Host.Client.GenerateImageAsync(new ImageRequest("a red fox in snow") { Model = "pollinations", Width = 320, Height = 192, Seed = 42 });

        var image = response.Images.Single();
        Assert.That(image.Data!.Value.ToArray(), Is.EqualTo(PollinationsEmulator.Render("a red fox in snow", 42, 320, 192, "flux")));
        Assert.That(image.MediaType, Is.EqualTo("image/png"));
        Assert.That((response.Provider, response.Model, response.Seed, response.AltText), Is.EqualTo(("Pollinations", "pollinations-flux", (long?)42, "a red fox in snow")));
    }

    [Test]
    public async Task The_query_carries_size_seed_model_and_the_flags_spelled_out()
    {
        await Host.Client.GenerateImageAsync(new ImageRequest("a red fox in snow") { Model = "pollinations-flux", Width = 320, Height = 192, Seed = 42 });

        var sent = Service.Generations.Single();
        Assert.That(sent.RawPath, Is.EqualTo("/prompt/a%20red%20fox%20in%20snow"));
        Assert.That(sent.RawQuery, Is.EqualTo("width=320&height=192&seed=42&model=flux&nologo=true&private=true&enhance=false&safe=false"));
        Assert.That(sent.Header("Accept"), Is.EqualTo("image/*"));
        Assert.That(sent.Header("User-Agent"), Does.StartWith("FluxImaging.Pollinations/"));
        Assert.That(sent.Header("Authorization"), Is.Null, "no key configured, none sent");
    }

    [Test]
    public async Task A_negative_prompt_guidance_and_a_configured_referrer_are_sent()
    {
        await Host.DisposeAsync();
        Host = PollinationsHost.Create(o =>
        {
            o.Endpoint = Service.BaseAddress;
            o.Referrer = "my-app";
        });

        await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1, NegativePrompt = "blurry, text", GuidanceScale = 3.5 });

        var sent = Service.Generations.Single();
        Assert.That(sent.RawQuery, Does.EndWith("&negative_prompt=blurry%2C%20text&guidance_scale=3.5&referrer=my-app"));
        Assert.That(sent.Parameter("negative_prompt"), Is.EqualTo("blurry, text"));
    }

    [TestCase(" ", "%20")]
    [TestCase("/", "%2F")]
    [TestCase("?", "%3F")]
    [TestCase("#", "%23")]
    [TestCase("%", "%25")]
    [TestCase("+", "%2B")]
    [TestCase("&", "%26")]
    [TestCase("é", "%C3%A9")]
    [TestCase("🦊", "%F0%9F%A6%8A")]
    [TestCase("-._~", "-._~")]
    public async Task Every_character_outside_unreserved_is_percent_encoded_in_the_path(string character, string encoded)
    {
        var prompt = $"fox{character}den";

        await Host.Client.GenerateImageAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        var sent = Service.Generations.Single();
        Assert.That(sent.RawPath, Is.EqualTo($"/prompt/fox{encoded}den"));
        Assert.That(sent.Prompt, Is.EqualTo(prompt), "the service decodes exactly the prompt");
    }

    [Test]
    public async Task A_prompt_of_every_awkward_character_arrives_whole()
    {
        const string prompt = "cats & dogs / 100% + more? #1 🦊 a+b=c";

        var response = await Host.Client.GenerateImageAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 5 });

        Assert.That(Service.Generations.Single().Prompt, Is.EqualTo(prompt));
        Assert.That(response.Images.Single().Data!.Value.ToArray(), Is.EqualTo(PollinationsEmulator.Render(prompt, 5, 64, 64, "flux")));
    }

    [Test]
    public async Task Without_a_seed_a_random_one_is_sent_and_reported()
    {
        var response = await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64 });

        var seed = long.Parse(Service.Generations.Single().Parameter("seed")!, CultureInfo.InvariantCulture);
        Assert.That(seed, Is.InRange(0L, int.MaxValue));
        Assert.That(response.Seed, Is.EqualTo(seed));
        Assert.That(response.Images.Single().Data!.Value.ToArray(), Is.EqualTo(PollinationsEmulator.Render("a cat", seed, 64, 64, "flux")), "reproducible from the reported seed");
    }

    [Test]
    public async Task Seed_zero_is_sent_not_dropped()
    {
        var response = await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 0 });

        Assert.That(Service.Generations.Single().Parameter("seed"), Is.EqualTo("0"));
        Assert.That(response.Seed, Is.Zero);
    }

    [TestCase(10, 5000, 64, 2048)]
    [TestCase(63, 64, 64, 64)]
    [TestCase(2049, 1, 2048, 64)]
    public async Task Sizes_are_clamped_into_64_to_MaxSide(int width, int height, int sentWidth, int sentHeight)
    {
        await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = width, Height = height, Seed = 1 });

        var sent = Service.Generations.Single();
        Assert.That((sent.Parameter("width"), sent.Parameter("height")), Is.EqualTo((sentWidth.ToString(CultureInfo.InvariantCulture), sentHeight.ToString(CultureInfo.InvariantCulture))));
    }

    [Test]
    public async Task A_smaller_MaxSide_bounds_what_is_asked_and_rendered()
    {
        await Host.DisposeAsync();
        Host = PollinationsHost.Create(o =>
        {
            o.Endpoint = Service.BaseAddress;
            o.MaxSide = 128;
        });

        var response = await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 1000, Height = 100, Seed = 1 });

        Assert.That(response.Images.Single().Data!.Value.ToArray(), Is.EqualTo(PollinationsEmulator.Render("a cat", 1, 128, 100, "flux")));
    }

    [Test]
    public async Task The_aspect_ratio_fills_in_the_size_and_the_default_is_1024_square()
    {
        await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", AspectRatio = "16:9", Seed = 1 });
        await Host.Client.GenerateImageAsync(new ImageRequest("a dog") { Model = "pollinations", Seed = 1 });

        var sizes = Service.Generations.Select(g => $"{g.Parameter("width")}x{g.Parameter("height")}");
        Assert.That(sizes, Is.EqualTo(new[] { "1024x576", "1024x1024" }));
    }

    [Test]
    public async Task The_configured_model_and_flags_are_what_is_sent()
    {
        await Host.DisposeAsync();
        Host = PollinationsHost.Create(o =>
        {
            o.Endpoint = Service.BaseAddress;
            o.Model = "turbo";
            o.Private = false;
            o.Enhance = true;
            o.Safe = true;
        });

        var response = await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 3 });

        Assert.That(Service.Generations.Single().RawQuery, Is.EqualTo("width=64&height=64&seed=3&model=turbo&nologo=true&private=false&enhance=true&safe=true"));
        Assert.That(response.Images.Single().Data!.Value.ToArray(), Is.EqualTo(PollinationsEmulator.Render("a cat", 3, 64, 64, "turbo")));
        Assert.That(response.Model, Is.EqualTo("pollinations-flux"), "the FluxImaging id stays; the upstream model is a setting");
    }

    [Test]
    public async Task The_media_type_comes_from_the_bytes_not_the_hard_coded_jpeg_label()
    {
        Service.LabelEveryImageJpeg = true;

        var response = await Host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 3 });

        Assert.That(response.Images.Single().MediaType, Is.EqualTo("image/png"));
    }

    [Test]
    public async Task One_image_is_queued_then_generating_then_the_response()
    {
        var (events, error) = await Host.RunAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 3 });

        Assert.That(error, Is.Null);
        Assert.That(events.Select(e => e switch { Reasoning r => $"{r.Label}: {r.Status}", ImageResponse i => $"{i.Images.Count} image", _ => e.GetType().Name }), Is.EqualTo(new[]
        {
            "queued: Queued at Pollinations",
            "generating: Generating",
            "1 image",
        }));
    }
}

using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Pollinations.Tests;

/// <summary>Legacy <c>/prompt/{p}</c> everywhere but on the gateway, <c>/image/{p}</c> there; an endpoint's path is a prefix.</summary>
[TestFixture]
public sealed class LayoutTests
{
    private PollinationsEmulator _service = null!;

    [SetUp]
    public async Task SetUp() => _service = await PollinationsEmulator.StartAsync();

    [TearDown]
    public async Task TearDown() => await _service.DisposeAsync();

    [Test]
    public async Task The_gateway_host_gets_image_paths_and_only_the_true_flags()
    {
        await using var host = Gateway(o => { });

        await host.Client.GenerateImageAsync(new ImageRequest("a red fox") { Model = "pollinations", Width = 64, Height = 64, Seed = 42 });

        var sent = _service.Generations.Single();
        Assert.That(sent.Host, Does.StartWith("gen.pollinations.ai"));
        Assert.That(sent.Route, Is.EqualTo("image"));
        Assert.That(sent.RawPath, Is.EqualTo("/image/a%20red%20fox"));
        Assert.That(sent.RawQuery, Is.EqualTo("width=64&height=64&seed=42&model=flux&nologo=true&private=true"), "the gateway reads \"false\" as true");
    }

    [Test]
    public async Task Flags_turned_on_are_sent_to_the_gateway_and_a_flag_turned_off_is_left_out()
    {
        await using var host = Gateway(o =>
        {
            o.Private = false;
            o.Enhance = true;
            o.Safe = true;
        });

        await host.Client.GenerateImageAsync(new ImageRequest("a red fox") { Model = "pollinations", Width = 64, Height = 64, Seed = 42 });

        Assert.That(_service.Generations.Single().RawQuery, Is.EqualTo("width=64&height=64&seed=42&model=flux&nologo=true&enhance=true&safe=true"));
    }

    [Test]
    public async Task Any_other_host_gets_the_legacy_layout()
    {
        await using var host = PollinationsHost.Create(o => o.Endpoint = _service.BaseAddress);

        await host.Client.GenerateImageAsync(new ImageRequest("a red fox") { Model = "pollinations", Width = 64, Height = 64, Seed = 42 });

        Assert.That(_service.Generations.Single().Route, Is.EqualTo("prompt"));
    }

    [TestCase("/mirror")]
    [TestCase("/mirror/")]
    [TestCase("/a/b")]
    public async Task An_endpoint_path_is_kept_as_a_prefix(string prefix)
    {
        await using var mirror = await PollinationsEmulator.StartAsync(prefix);
        await using var host = PollinationsHost.Create(o => o.Endpoint = new Uri(mirror.Host.BaseAddress, prefix));

        var response = await host.Client.GenerateImageAsync(new ImageRequest("a red fox") { Model = "pollinations", Width = 64, Height = 64, Seed = 42 });

        Assert.That(mirror.Generations.Single().RawPath, Is.EqualTo($"/{prefix.Trim('/')}/prompt/a%20red%20fox"));
        Assert.That(response.Images, Has.Count.EqualTo(1));
    }

    private PollinationsHost Gateway(Action<PollinationsOptions> configure) => PollinationsHost.Create(
        o =>
        {
            o.Endpoint = new Uri($"http://gen.pollinations.ai:{_service.BaseAddress.Port}");
            configure(o);
        },
        primaryHandler: () => LoopbackRedirect.To(_service.BaseAddress));
}

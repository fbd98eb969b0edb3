using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Pollinations.Tests;

/// <summary>The key goes as <c>Authorization: Bearer</c> to the configured host and nowhere else, never in the URL.</summary>
[TestFixture]
public sealed class ApiKeyTests
{
    private const string Key = "sk_test_0123456789";

    private PollinationsEmulator _service = null!;
    private PollinationsEmulator _elsewhere = null!;
    private PollinationsHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _service = await PollinationsEmulator.StartAsync();
        _elsewhere = await PollinationsEmulator.StartAsync();
        _host = PollinationsHost.Create(o =>
        {
            o.Endpoint = _service.BaseAddress;
            o.ApiKey = Key;
        });
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _elsewhere.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Test]
    public async Task The_key_is_a_bearer_header_to_the_endpoint_and_never_in_the_query()
    {
        _service.RequiredApiKey = Key;

        await _host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        var sent = _service.Generations.Single();
        Assert.That(sent.Header("Authorization"), Is.EqualTo($"Bearer {Key}"));
        Assert.That(sent.RawQuery, Does.Not.Contain(Key).And.Not.Contain("key=").And.Not.Contain("token="));
    }

    [Test]
    public async Task Without_the_key_the_gateway_answer_is_unauthorized()
    {
        _service.RequiredApiKey = "sk_other";

        var (events, error) = await _host.RunAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Unauthorized));
        Assert.That(error.Message, Does.Contain("Authentication required").And.Not.Contain(Key));
        Assert.That(events.OfType<ImageResponse>(), Is.Empty);
    }

    [Test]
    public async Task A_redirect_to_another_host_is_refused_and_nothing_reaches_it()
    {
        var target = new Uri(_elsewhere.BaseAddress, "/prompt/a%20cat?width=64&height=64&seed=1");
        _service.Host.Faults.Add("GET", "/prompt/", Fault.Status(302, headers: new Dictionary<string, string> { ["Location"] = target.AbsoluteUri }));

        var (_, error) = await _host.RunAsync(new ImageRequest("a secret cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(error.Message, Does.Contain("another host").And.Contain("/prompt/{prompt}").And.Not.Contain("secret"));
        Assert.That(_elsewhere.Requests, Is.Empty, "neither the key nor the request went to the other host");
    }

    [Test]
    public async Task A_redirect_within_the_host_is_followed_with_the_key()
    {
        _service.RequiredApiKey = Key;
        _service.Host.Faults.Add("GET", "/prompt/a cat", Fault.Status(307, headers: new Dictionary<string, string> { ["Location"] = "/prompt/a%20moved%20cat?width=64&height=64&seed=1&model=flux" }));

        var response = await _host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        var moved = _service.Generations.Single();
        Assert.That((moved.Prompt, moved.Header("Authorization")), Is.EqualTo(("a moved cat", $"Bearer {Key}")));
        Assert.That(response.Images.Single().Data!.Value.ToArray(), Is.EqualTo(PollinationsEmulator.Render("a moved cat", 1, 64, 64, "flux")));
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Media;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Server.Tests;

[TestFixture]
public sealed class ServerGuardTests
{
    [Test]
    public async Task Without_permission_the_server_refuses_to_fetch_from_private_addresses()
    {
        await using var space = await FluxSchnellSpace.StartAsync();
        await using var server = await ServerFixture.StartAsync(offline: false, settings: [$"--FluxImaging:Providers:Voodoohop:Endpoint={space.BaseAddress}"]);

        using var cached = await server.Http.PostAsync(server.Url("/v1/images/generations"), new StringContent("""{"model":"flux-schnell","prompt":"x"}""", Encoding.UTF8, "application/json"));
        using var passedThrough = await server.Http.PostAsync(server.Url("/v1/images/generations"), new StringContent("""{"model":"flux-schnell","prompt":"x","response_format":"url"}""", Encoding.UTF8, "application/json"));

        Assert.That(cached.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(JsonDocument.Parse(await cached.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString(), Does.Contain("private, loopback or link-local"));
        Assert.That(passedThrough.StatusCode, Is.EqualTo(HttpStatusCode.OK), "passing a URL through needs no download");
        Assert.That(Directory.GetFiles(server.MediaFolder), Is.Empty);
    }

    [Test]
    public async Task A_configured_api_key_is_required_and_never_forwarded()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:ApiKey=s3cret"]);

        using var missing = await server.Http.PostAsync(server.Url("/v1/images/generations"), new StringContent("""{"prompt":"x","model":"flux-dev"}""", Encoding.UTF8, "application/json"));
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url("/v1/images/generations")) { Content = new StringContent("""{"prompt":"x","model":"flux-dev"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret");
        using var allowed = await server.Http.SendAsync(request);

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("invalid_api_key"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var upstream = server.Emulators!.FluxDev.Requests;
        Assert.That(upstream.SelectMany(r => r.Headers.Values).Concat(upstream.Select(r => r.BodyText)), Has.None.Contains("s3cret"));
    }

    [TestCase("127.0.0.1", false)]
    [TestCase("10.1.2.3", false)]
    [TestCase("172.20.0.1", false)]
    [TestCase("192.168.1.1", false)]
    [TestCase("169.254.169.254", false)]
    [TestCase("100.64.0.1", false)]
    [TestCase("::1", false)]
    [TestCase("fe80::1", false)]
    [TestCase("fd00::1", false)]
    [TestCase("::ffff:127.0.0.1", false)]
    [TestCase("93.184.216.34", true)]
    [TestCase("2606:2800:220:1:248:1893:25c8:1946", true)]
    public void Only_public_addresses_are_public(string address, bool isPublic) =>
        Assert.That(GuardedDownloader.IsPublic(IPAddress.Parse(address)), Is.EqualTo(isPublic));
}

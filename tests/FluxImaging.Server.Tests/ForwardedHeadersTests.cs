using System.Text;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;

namespace FluxImaging.Server.Tests;

/// <summary>
/// <c>X-Forwarded-*</c> are believed only from configured proxies; by default from nobody, loopback included; a
/// forwarded scheme must be http or https and a forwarded host a valid host; <c>PublicBaseUrl</c> wins over all.
/// </summary>
[TestFixture]
public sealed class ForwardedHeadersTests
{
    [Test]
    public async Task By_default_forwarded_headers_from_loopback_change_nothing()
    {
        await using var server = await ServerFixture.StartAsync();

        var url = await MediaUrlAsync(server, ("X-Forwarded-Host", "images.example.com"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Prefix", "/images"));

        Assert.That(url, Does.StartWith($"{server.BaseAddress.AbsoluteUri}media/"));
    }

    [Test]
    public async Task From_a_configured_proxy_the_forwarded_scheme_host_and_prefix_make_the_media_url()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:KnownProxies:0=127.0.0.1"]);

        var url = await MediaUrlAsync(server, ("X-Forwarded-Host", "images.example.com"), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Prefix", "/fluximaging"));

        Assert.That(url, Does.StartWith("https://images.example.com/fluximaging/media/"));
    }

    [Test]
    public async Task From_a_configured_network_the_forwarded_host_is_used()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:KnownNetworks:0=127.0.0.0/8"]);

        var url = await MediaUrlAsync(server, ("X-Forwarded-Host", "images.example.com"));

        Assert.That(url, Does.StartWith("http://images.example.com/media/"));
    }

    [Test]
    public async Task A_trusted_proxy_cannot_make_the_scheme_anything_but_http_or_https_nor_the_host_invalid()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:KnownProxies:0=127.0.0.1"]);

        var scheme = await MediaUrlAsync(server, ("X-Forwarded-Proto", "javascript"));
        var host = await MediaUrlAsync(server, ("X-Forwarded-Host", "evil.example/\"><script>"));

        Assert.That(scheme, Does.StartWith($"{server.BaseAddress.AbsoluteUri}media/"));
        Assert.That(host, Does.StartWith($"{server.BaseAddress.AbsoluteUri}media/"));
    }

    [Test]
    public async Task PublicBaseUrl_wins_over_a_trusted_proxy()
    {
        await using var server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:KnownProxies:0=127.0.0.1", "--FluxImaging:Server:PublicBaseUrl=https://cdn.example.org/base/"]);

        var url = await MediaUrlAsync(server, ("X-Forwarded-Host", "images.example.com"), ("X-Forwarded-Proto", "http"));

        Assert.That(url, Does.StartWith("https://cdn.example.org/base/media/"));
    }

    [Test]
    public void A_proxy_that_is_not_an_address_stops_the_server_at_start()
    {
        var failure = Assert.CatchAsync(async () => await ServerFixture.StartAsync(offline: false, settings: ["--FluxImaging:Server:KnownProxies:0=my-proxy"]));

        Assert.That(failure!.Message, Does.Contain("KnownProxies"));
    }

    private static async Task<string> MediaUrlAsync(ServerFixture server, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url("/v1/images/generations"))
        {
            Content = new StringContent("""{"model":"flux-schnell","prompt":"a red fox"}""", Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("data")[0].GetProperty("url").GetString()!;
    }
}

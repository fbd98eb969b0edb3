using System.Net;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.RateLimiting;
using FluxImaging.Server.Safety;
using FluxImaging.Server.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Server.Tests;

/// <summary>
/// The concurrency limits through real HTTP: generations are held open at the upstream, so "in flight" is a fact the
/// test waits for, not a matter of timing.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RateLimitTests
{
    [Test]
    public async Task Of_200_concurrent_requests_those_past_the_per_client_limit_are_429_with_Retry_After()
    {
        await using var upstream = await HostileUpstream.StartAsync();
        await using var server = await ServerFixture.StartAsync(offline: false, settings: upstream.ProviderSettings);
        upstream.ImageUrl = HostileUpstream.On(upstream.Primary, "/image.png");
        upstream.Hold();

        // The default per-client limit is 4: four generations reach the upstream and wait there.
        var held = Enumerable.Range(0, 4).Select(_ => GenerateAsync(server)).ToList();
        await upstream.WaitForGenerationsAsync(4);
        var rest = await Task.WhenAll(Enumerable.Range(0, 196).Select(_ => GenerateAsync(server)));
        upstream.Release();
        var completed = await Task.WhenAll(held);

        Assert.That(completed.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
        Assert.That(rest.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.TooManyRequests));
        var rejected = rest[0];
        Assert.That(rejected.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        var error = JsonDocument.Parse(await rejected.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("code").GetString()), Is.EqualTo(("requests", "rate_limit_exceeded")));
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "message", "type", "param", "code" }));
        foreach (var response in completed.Concat(rest))
        {
            response.Dispose();
        }
    }

    [Test]
    public async Task Past_the_global_limit_every_client_is_429()
    {
        await using var upstream = await HostileUpstream.StartAsync();
        await using var server = await ServerFixture.StartAsync(offline: false, settings: [.. upstream.ProviderSettings, "--FluxImaging:Server:MaxConcurrentGenerations=2", "--FluxImaging:Server:MaxConcurrentGenerationsPerClient=10", "--FluxImaging:Server:RateLimitRetryAfter=00:00:30"]);
        upstream.ImageUrl = HostileUpstream.On(upstream.Primary, "/image.png");
        upstream.Hold();

        var held = Enumerable.Range(0, 2).Select(_ => GenerateAsync(server)).ToList();
        await upstream.WaitForGenerationsAsync(2);
        using var third = await GenerateAsync(server);
        using var models = await server.Http.GetAsync(server.Url("/v1/models"));
        upstream.Release();
        await Task.WhenAll(held);

        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(third.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(models.StatusCode, Is.EqualTo(HttpStatusCode.OK), "only generations are limited");
        Assert.That(held.Select(t => t.Result.StatusCode), Has.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void A_client_is_its_IP_address_its_IPv6_64_or_the_configured_key()
    {
        var keys = new ApiKeyCheck("s3cret");

        Assert.That(GenerationRateLimits.ClientKey(Context("203.0.113.7"), keys), Is.EqualTo("ip:203.0.113.7"));
        Assert.That(GenerationRateLimits.ClientKey(Context("::ffff:203.0.113.7"), keys), Is.EqualTo("ip:203.0.113.7"));
        Assert.That(GenerationRateLimits.ClientKey(Context("2001:db8:1:2:aaaa::1"), keys), Is.EqualTo(GenerationRateLimits.ClientKey(Context("2001:db8:1:2:bbbb::9"), keys)));
        Assert.That(GenerationRateLimits.ClientKey(Context("2001:db8:1:2::1"), keys), Is.Not.EqualTo(GenerationRateLimits.ClientKey(Context("2001:db8:1:3::1"), keys)));
        Assert.That(GenerationRateLimits.ClientKey(Context("203.0.113.7", "s3cret"), keys), Is.EqualTo("key"));
        Assert.That(GenerationRateLimits.ClientKey(Context("203.0.113.7", "made-up-key"), keys), Is.EqualTo("ip:203.0.113.7"), "an invalid key cannot buy a fresh partition");
    }

    private static DefaultHttpContext Context(string address, string? key = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (key is not null)
        {
            context.Request.Headers.Authorization = $"Bearer {key}";
        }

        return context;
    }

    private static Task<HttpResponseMessage> GenerateAsync(ServerFixture server) =>
        server.Http.PostAsync(server.Url("/v1/images/generations"), new StringContent($$"""{"model":"{{HostileUpstream.Model}}","prompt":"x","response_format":"url"}""", Encoding.UTF8, "application/json"));
}

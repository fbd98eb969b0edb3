using System.Net;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Safety;
using FluxImaging.Server.Tests.Support;

namespace FluxImaging.Server.Tests;

/// <summary>
/// The server key: required when configured, compared through SHA-256 hashes in constant time, so only the exact key
/// passes — no prefix, no extension, no other case — and nothing is ever forwarded upstream.
/// </summary>
[TestFixture]
public sealed class ApiKeyTests
{
    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ServerFixture.StartAsync(settings: ["--FluxImaging:Server:ApiKey=s3cret-key", "--FluxImaging:Server:RequireKeyForMedia=true"]);

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    // A media name that does not exist: 404 means the key passed, 401 that it did not.
    [TestCase("Bearer s3cret-key", null, HttpStatusCode.NotFound)]
    [TestCase("bearer   s3cret-key  ", null, HttpStatusCode.NotFound)]
    [TestCase(null, "s3cret-key", HttpStatusCode.NotFound)]
    [TestCase(null, null, HttpStatusCode.Unauthorized)]
    [TestCase("Bearer ", null, HttpStatusCode.Unauthorized)]
    [TestCase("Bearer s3cret-kez", null, HttpStatusCode.Unauthorized)]
    [TestCase("Bearer s3cret", null, HttpStatusCode.Unauthorized)]
    [TestCase("Bearer s3cret-key-and-more", null, HttpStatusCode.Unauthorized)]
    [TestCase("Bearer S3CRET-KEY", null, HttpStatusCode.Unauthorized)]
    [TestCase("Basic s3cret-key", null, HttpStatusCode.Unauthorized)]
    [TestCase(null, "s3cret-ke", HttpStatusCode.Unauthorized)]
    public async Task Only_the_exact_key_passes(string? authorization, string? g4fKey, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _server.Url("/media/1_x_0123456789abcdef.png"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (g4fKey is not null)
        {
            request.Headers.Add("g4f-api-key", g4fKey);
        }

        using var response = await _server.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_generation_with_the_key_works_and_the_key_never_reaches_an_upstream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url("/v1/images/generations")) { Content = new StringContent("""{"prompt":"x","model":"flux-dev"}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "s3cret-key");
        using var missing = await _server.Http.PostAsync(_server.Url("/v1/images/generations"), new StringContent("""{"prompt":"x","model":"flux-dev"}""", Encoding.UTF8, "application/json"));

        using var allowed = await _server.Http.SendAsync(request);

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("invalid_api_key"));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var upstream = _server.Emulators!.FluxDev.Requests;
        Assert.That(upstream.SelectMany(r => r.Headers.Values).Concat(upstream.Select(r => r.BodyText)), Has.None.Contains("s3cret"));
    }

    [Test]
    public async Task An_edit_asks_for_the_key_too_and_the_key_never_reaches_the_Space()
    {
        MultipartFormDataContent Form() => new()
        {
            { new ByteArrayContent(FluxImaging.Testing.Imaging.PngImage.Render("a cat", 1, 16, 16)), "image", "input.png" },
            { new StringContent("make it snow"), "prompt" },
            { new StringContent("flux-kontext"), "model" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url("/v1/images/edits")) { Content = Form() };
        request.Headers.Add("g4f-api-key", "s3cret-key");

        using var missing = await _server.Http.PostAsync(_server.Url("/v1/images/edits"), Form());
        using var allowed = await _server.Http.SendAsync(request);

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var space = _server.Emulators!.FluxKontextDev.Requests;
        Assert.That(space.SelectMany(r => r.Headers.Values).Concat(space.Select(r => r.BodyText)), Has.None.Contains("s3cret"));
    }

    [Test]
    public void The_comparison_is_of_two_hashes_whatever_the_lengths()
    {
        var check = new ApiKeyCheck("k");

        Assert.That(check.Matches("k"), Is.True);
        Assert.That(check.Matches(new string('k', 1_000_000)), Is.False);
        Assert.That(check.Matches(string.Empty), Is.False);
        Assert.That(check.Matches(null), Is.False);
        Assert.That(new ApiKeyCheck(null).IsRequired, Is.False);
        Assert.That(new ApiKeyCheck(string.Empty).Matches(string.Empty), Is.False, "no configured key matches nothing");
    }
}

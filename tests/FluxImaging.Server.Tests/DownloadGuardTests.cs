using System.Net;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;

namespace FluxImaging.Server.Tests;

/// <summary>
/// The download guard through real HTTP: an upstream answers an image URL, the server must fetch it, and refuses
/// anything but global unicast addresses (here 127.0.0.1 is allowed by configuration, so that redirects can be
/// followed to a second loopback address that is not).
/// </summary>
[TestFixture]
public sealed class DownloadGuardTests
{
    private HostileUpstream _upstream = null!;
    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _upstream = await HostileUpstream.StartAsync();
        _server = await ServerFixture.StartAsync(offline: false, settings: [.. _upstream.ProviderSettings, "--FluxImaging:Server:DownloadAllowedNetworks:0=127.0.0.1/32", "--FluxImaging:Server:MaxDownloadRedirects=3"]);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    public static IEnumerable<string> RefusedHosts() =>
    [
        "[64:ff9b::a9fe:a9fe]", "[64:ff9b:1::a9fe:a9fe]", "[2002:a9fe:a9fe::]", "[2001:0:4136:e378:8000:63bf:80ff:fffe]",
        "[::127.0.0.1]", "[::ffff:0:127.0.0.1]", "[::ffff:127.0.0.2]", "[::ffff:169.254.169.254]", "[::1]", "[fe80::1]",
        "[fd00::1]", "[100::1]", "[2001:db8::1]", "[3fff::1]", "[5f00::1]", "[ff02::1]", "[::]",
        "198.18.0.1", "192.0.0.1", "192.0.2.1", "198.51.100.1", "203.0.113.1", "192.88.99.1", "240.0.0.1", "255.255.255.255",
        "0.0.0.0", "10.0.0.1", "100.64.0.1", "127.0.0.2", "169.254.169.254", "172.16.0.1", "192.168.0.1", "224.0.0.1",
    ];

    [TestCaseSource(nameof(RefusedHosts))]
    public async Task An_image_on_a_non_public_address_is_502_download_refused_naming_no_address(string host)
    {
        _upstream.ImageUrl = $"http://{host}:{_upstream.Primary.Port}/image.png";

        using var response = await GenerateAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("download_refused"));
        var message = error.GetProperty("message").GetString();
        Assert.That(message, Does.Not.Contain(host.Trim('[', ']')).And.Not.Contain(_upstream.Primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task A_redirect_is_followed_hop_by_hop_within_the_allowed_network()
    {
        _upstream.ImageUrl = HostileUpstream.On(_upstream.Primary, $"/redirect?to={Uri.EscapeDataString(HostileUpstream.On(_upstream.Primary, "/redirect?to=/image.png"))}");

        using var response = await GenerateAsync("b64_json");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var bytes = Convert.FromBase64String((await JsonAsync(response)).GetProperty("data")[0].GetProperty("b64_json").GetString()!);
        Assert.That(bytes.AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public async Task A_redirect_out_of_the_allowed_network_is_refused_and_the_target_never_hears_of_it()
    {
        var target = HostileUpstream.On(_upstream.Secondary, "/image.png?marker=never");
        _upstream.ImageUrl = HostileUpstream.On(_upstream.Primary, $"/redirect?to={Uri.EscapeDataString(target)}");

        using var response = await GenerateAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("download_refused"));
        Assert.That(_upstream.Requests.Where(r => r.PathAndQuery.Contains("marker=never", StringComparison.Ordinal)), Is.Empty);
        Assert.That(_server.Console.Text, Does.Contain("127.0.0.2"), "the server's own log says what was refused");
    }

    [TestCase("file:///etc/passwd")]
    [TestCase("ftp://127.0.0.1/image.png")]
    [TestCase("javascript:alert(1)")]
    public async Task A_redirect_to_anything_but_http_is_refused(string location)
    {
        _upstream.ImageUrl = HostileUpstream.On(_upstream.Primary, $"/redirect?to={Uri.EscapeDataString(location)}");

        using var response = await GenerateAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("download_refused"));
    }

    [Test]
    public async Task A_redirect_loop_ends_after_the_configured_hops()
    {
        var before = _upstream.Requests.Count(r => r.PathAndQuery == "/loop");
        _upstream.ImageUrl = HostileUpstream.On(_upstream.Primary, "/loop");

        using var response = await GenerateAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("upstream_error"));
        Assert.That(_upstream.Requests.Count(r => r.PathAndQuery == "/loop") - before, Is.EqualTo(4), "the first request and three redirects");
    }

    [Test]
    public async Task The_downloader_sends_no_credential_anywhere()
    {
        _upstream.ImageUrl = HostileUpstream.On(_upstream.Primary, $"/redirect?to={Uri.EscapeDataString("/image.png?credentials=none")}");
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url("/v1/images/generations"))
        {
            Content = new StringContent($$"""{"model":"{{HostileUpstream.Model}}","prompt":"x","response_format":"b64_json"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "client-secret");
        request.Headers.Add("Cookie", "session=client-cookie");

        using var response = await _server.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var downloads = _upstream.Requests.Where(r => r.Method == "GET" && r.PathAndQuery.Contains("credentials=none", StringComparison.Ordinal)).ToList();
        Assert.That(downloads, Is.Not.Empty);
        foreach (var download in downloads)
        {
            Assert.That(download.Headers.Keys, Has.None.EqualTo("Authorization").IgnoreCase.And.None.EqualTo("Cookie").IgnoreCase.And.None.EqualTo("x-zerogpu-token").IgnoreCase.And.None.EqualTo("g4f-api-key").IgnoreCase);
            Assert.That(download.Headers.Values, Has.None.Contains("secret").And.None.Contains("client-cookie"));
        }
    }

    [Test]
    public async Task A_refused_download_in_a_stream_ends_with_an_error_event()
    {
        _upstream.ImageUrl = "http://[64:ff9b::a9fe:a9fe]/image.png";

        var events = await StreamAsync(_server, $$"""{"model":"{{HostileUpstream.Model}}","prompt":"x","stream":true}""");

        var last = events[^1];
        Assert.That(last.EventType, Is.EqualTo("error"));
        var error = JsonDocument.Parse(last.Data).RootElement.GetProperty("error");
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("download_refused"));
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "message", "type", "param", "code" }));
    }

    internal static async Task<List<SseItem<string>>> StreamAsync(ServerFixture server, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url("/v1/images/generations")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync())
        {
            items.Add(item);
        }

        Assert.That(items, Is.Not.Empty);
        return items;
    }

    private Task<HttpResponseMessage> GenerateAsync(string? responseFormat = null) =>
        _server.Http.PostAsync(
            _server.Url("/v1/images/generations"),
            new StringContent($$"""{"model":"{{HostileUpstream.Model}}","prompt":"x"{{(responseFormat is null ? string.Empty : $",\"response_format\":\"{responseFormat}\"")}}}""", Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}

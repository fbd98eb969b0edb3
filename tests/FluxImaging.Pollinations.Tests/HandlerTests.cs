using System.Net;
using System.Net.Http.Headers;
using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Imaging;
using RichardSzalay.MockHttp;

namespace FluxImaging.Pollinations.Tests;

/// <summary>Details of the HTTP exchange that a socket adds nothing to, against a scripted handler.</summary>
[TestFixture]
public sealed class HandlerTests
{
    private MockHttpMessageHandler _mock = null!;
    private PollinationsHost _host = null!;
    private List<HttpRequestMessage> _sent = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockHttpMessageHandler();
        _sent = [];
        _host = PollinationsHost.Create(o => o.Endpoint = new Uri("https://pollinations.test"), primaryHandler: () => _mock);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        _mock.Dispose();
    }

    [TestCase(".")]
    [TestCase("..")]
    public async Task A_dot_segment_prompt_is_sent_verbatim_not_resolved_away(string prompt)
    {
        Respond(_ => Png());

        await _host.Client.GenerateImageAsync(new ImageRequest(prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(_sent.Single().RequestUri!.AbsoluteUri, Does.StartWith($"https://pollinations.test/prompt/{prompt}?width=64"));
    }

    [Test]
    public async Task A_legacy_401_names_the_servers_message_not_its_status_text()
    {
        Respond(_ => Json(HttpStatusCode.Unauthorized, """{"error":"Unauthorized","message":"Invalid token provided","details":null}""", "Unauthorized"));

        var (_, error) = await _host.RunAsync(new ImageRequest("a cat") { Model = "pollinations" });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Unauthorized));
        Assert.That(error.Message, Is.EqualTo("GET /prompt/{prompt} failed with HTTP 401 (Unauthorized): Invalid token provided"));
    }

    [Test]
    public async Task A_Retry_After_date_becomes_a_delay()
    {
        Respond(_ =>
        {
            var response = Json(HttpStatusCode.TooManyRequests, """{"error":"Rate limit exceeded","message":"slow down"}""");
            response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(30));
            return response;
        });

        var (_, error) = await _host.RunAsync(new ImageRequest("a cat") { Model = "pollinations" });

        Assert.That(error!.RetryAfter, Is.GreaterThan(TimeSpan.FromMinutes(25)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(30)));
    }

    [Test]
    public async Task A_large_error_page_is_reduced_to_its_title()
    {
        var page = $"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>{new string('x', 100_000)}</body></html>";
        Respond(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent(page, System.Text.Encoding.UTF8, "text/html") });

        var (_, error) = await _host.RunAsync(new ImageRequest("a cat") { Model = "pollinations" });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Message, Does.EndWith(": 503 Service Unavailable"));
    }

    [Test]
    public async Task A_webp_labelled_jpeg_is_read_as_webp()
    {
        byte[] webp = [.. "RIFF"u8, 0x1A, 0, 0, 0, .. "WEBPVP8 "u8, 0x0E, 0, 0, 0, 0x30, 0x01, 0, 0x9D, 0x01, 0x2A, 1, 0, 1, 0, 0x02, 0, 0x34, 0x25];
        Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(webp) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } } });

        var response = await _host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations" });

        Assert.That(response.Images.Single().MediaType, Is.EqualTo("image/webp"));
    }

    [Test]
    public async Task The_HTTP_client_logs_no_request_line_since_the_path_holds_the_prompt()
    {
        Respond(_ => Png());

        await _host.Client.GenerateImageAsync(new ImageRequest("a secret cat") { Model = "pollinations" });

        Assert.That(_host.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Debug).Select(e => e.Message), Has.None.Contains("secret"));
        Assert.That(_host.Logs.Entries.Select(e => e.Category), Has.None.StartsWith("System.Net.Http.HttpClient.FluxImaging.Pollinations"));
    }

    private void Respond(Func<HttpRequestMessage, HttpResponseMessage> answer) =>
        _mock.Fallback.Respond(request =>
        {
            _sent.Add(request);
            return answer(request);
        });

    private static HttpResponseMessage Png() => new(HttpStatusCode.OK)
    {
        Content = new ByteArrayContent(PngImage.Render("x", 1, 8, 8)) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } },
    };

    private static HttpResponseMessage Json(HttpStatusCode status, string body, string? errorType = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("X-Error-Type", errorType);
        }

        return response;
    }
}

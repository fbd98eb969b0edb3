using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace FluxImaging.Gradio.Tests;

/// <summary>The /call stream as the Voodoohop provider reads it, fed byte-exact bodies by MockHttp.</summary>
[TestFixture]
public sealed class CallStreamTests
{
    private const string Space = "https://space.test";
    private const string FinalFile = """{"path": "/tmp/gradio/f/image.webp", "url": "https://space.test/file=/tmp/gradio/f/image.webp", "size": null, "orig_name": "image.webp", "mime_type": null, "is_stream": false, "meta": {"_type": "gradio.FileData"}}""";
    private const string PreviewFile = """{"path": "/tmp/gradio/p/image.webp", "url": "https://space.test/file=/tmp/gradio/p/image.webp", "size": null, "orig_name": "image.webp", "mime_type": null, "is_stream": false, "meta": {"_type": "gradio.FileData"}}""";

    private MockHttpMessageHandler _space = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public void SetUp()
    {
        _space = new MockHttpMessageHandler();
        _space.When(HttpMethod.Get, $"{Space}/config").Respond(HttpStatusCode.NotFound, "application/json", """{"detail":"Not Found"}""");
        _services = Build(maxEventBytes: 16 * 1024);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        _space.Dispose();
    }

    [TestCase("event: complete\ndata: [" + FinalFile + ", 5]\n\n", TestName = "LF framing")]
    [TestCase("event: complete\r\ndata: [" + FinalFile + ", 5]\r\n\r\n", TestName = "CRLF framing")]
    [TestCase("event:complete\ndata:[" + FinalFile + ", 5]\n\n", TestName = "No space after the colon")]
    [TestCase(": a comment\nretry: 3000\nid: 17\nevent: complete\ndata: [" + FinalFile + ", 5]\n\n", TestName = "Comments, retry and id fields")]
    [TestCase("event: complete\ndata: [" + FinalFile + ",\ndata:  5]\n\n", TestName = "Data split over two lines")]
    [TestCase("event: heartbeat\ndata: null\n\nevent: mystery\ndata: {\"x\": 1}\n\nevent: complete\ndata: [" + FinalFile + ", 5]\n\n", TestName = "Heartbeats and unknown events are skipped")]
    public async Task Any_legal_SSE_framing_yields_the_final_image(string stream)
    {
        Submit();
        Stream(stream);

        var response = await Client.GenerateImageAsync("a cat", "flux-schnell");

        Assert.That(response.Images.Single().Uri, Is.EqualTo(new Uri("https://space.test/file=/tmp/gradio/f/image.webp")));
        Assert.That(response.Seed, Is.EqualTo(5));
        Assert.That(response.Images[0].OriginalFileName, Is.EqualTo("image.webp"));
    }

    [Test]
    public async Task Generating_events_become_previews_and_never_final_images()
    {
        Submit();
        Stream($"event: generating\ndata: [{PreviewFile}, 5]\n\nevent: complete\ndata: [{FinalFile}, 5]\n\n");

        var events = new List<ImageEvent>();
        await foreach (var imageEvent in Client.GenerateAsync(new ImageRequest("a cat") { Model = "flux-schnell" }))
        {
            events.Add(imageEvent);
        }

        var preview = events.OfType<ImagePreview>().Single();
        var final = events.OfType<ImageResponse>().Single();
        Assert.That(preview.Images.Single().Uri!.AbsolutePath, Does.Contain("/p/"));
        Assert.That(final.Images.Select(i => i.Uri!.AbsolutePath), Is.EqualTo(new[] { "/file=/tmp/gradio/f/image.webp" }));
        Assert.That(events.IndexOf(preview), Is.LessThan(events.IndexOf(final)));
    }

    [Test]
    public void A_Gradio_6_error_object_gives_its_text_and_kind()
    {
        Submit();
        Stream("event: error\ndata: {\"error\": \"You have exceeded your GPU quota (60s requested vs. 56s left).\", \"duration\": 10, \"visible\": true, \"title\": \"Error\"}\n\n");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.QuotaExceeded));
        Assert.That(error.Message, Is.EqualTo("You have exceeded your GPU quota (60s requested vs. 56s left)."));
    }

    [Test]
    public void An_error_string_for_an_unknown_event_is_not_found()
    {
        Submit();
        Stream("event: error\ndata: \"404: Not Found\"\n\n");

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-schnell"))!.Kind, Is.EqualTo(FluxImagingErrorKind.NotFound));
    }

    [Test]
    public void An_event_beyond_the_size_cap_is_a_protocol_error()
    {
        Submit();
        Stream("event: complete\ndata: [\"" + new string('x', 20_000) + "\"]\n\n");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(error.Message, Does.Contain("Limits:EventBytes"));
    }

    [Test]
    public void A_submit_answer_without_event_id_is_a_protocol_error()
    {
        _space.When(HttpMethod.Post, $"{Space}/call/infer").Respond("application/json", """{"status":"ok"}""");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(error.Message, Does.Contain("event_id"));
    }

    [Test]
    public void A_submit_answered_with_an_HTML_page_is_unavailable_named_by_its_title_not_a_crash()
    {
        _space.When(HttpMethod.Post, $"{Space}/call/infer").Respond("text/html", "<!DOCTYPE html><html><head><title>Space is sleeping</title></head></html>");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-schnell"));

        // The kit's rule for every provider: a page where JSON was expected means the service is not serving.
        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Message, Does.Contain("Space is sleeping").And.Not.Contain("<"));
    }

    [Test]
    public void A_complete_event_with_malformed_JSON_is_a_protocol_error()
    {
        Submit();
        Stream("event: complete\ndata: [{\"path\": \n\n");

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-schnell"))!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
    }

    [Test]
    public async Task A_malformed_generating_event_is_skipped()
    {
        Submit();
        Stream($"event: generating\ndata: [{{oops\n\nevent: complete\ndata: [{FinalFile}, 5]\n\n");

        var response = await Client.GenerateImageAsync("a cat", "flux-schnell");

        Assert.That(response.Images, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Nothing_is_sent_before_the_first_MoveNextAsync()
    {
        var submit = Submit();
        Stream($"event: complete\ndata: [{FinalFile}, 5]\n\n");

        var events = Client.GenerateAsync(new ImageRequest("a cat") { Model = "flux-schnell" });
        await using var enumerator = events.GetAsyncEnumerator();

        Assert.That(_space.GetMatchCount(submit), Is.Zero);
        await enumerator.MoveNextAsync();
        Assert.That(_space.GetMatchCount(submit), Is.EqualTo(1));
    }

    [Test]
    public async Task The_Hugging_Face_token_goes_to_the_Space_host_and_nowhere_else()
    {
        await _services.DisposeAsync();
        _services = Build(maxEventBytes: 16 * 1024, token: "hf_secret");
        string? submitAuthorization = null;
        _space.When(HttpMethod.Post, $"{Space}/call/infer")
            .With(r =>
            {
                submitAuthorization = r.Headers.Authorization?.ToString();
                return true;
            })
            .Respond("application/json", """{"event_id":"e1"}""");
        Stream($"event: complete\ndata: [{{\"path\": \"x\", \"url\": \"https://elsewhere.test/x.png\", \"meta\": {{\"_type\": \"gradio.FileData\"}}}}, 5]\n\n");
        var elsewhere = _space.When(HttpMethod.Get, "https://elsewhere.test/x.png")
            .With(r => r.Headers.Authorization is null)
            .Respond("image/png", new MemoryStream([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]));

        var response = await Client.GenerateImageAsync("a cat", "flux-schnell");
        await response.Images[0].ReadAllBytesAsync();

        Assert.That(submitAuthorization, Is.EqualTo("Bearer hf_secret"));
        Assert.That(_space.GetMatchCount(elsewhere), Is.EqualTo(1), "the file on another host is fetched without the token");
    }

    private FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    private MockedRequest Submit() =>
        _space.When(HttpMethod.Post, $"{Space}/call/infer").Respond("application/json", """{"event_id":"e1"}""");

    private void Stream(string body) =>
        _space.When(HttpMethod.Get, $"{Space}/call/infer/e1").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "text/event-stream"),
        });

    private ServiceProvider Build(long maxEventBytes, string? token = null)
    {
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(1))
            .AddVoodoohop(o =>
            {
                o.Endpoint = new Uri(Space);
                o.Limits.EventBytes = maxEventBytes;
                o.HuggingFaceToken = token;
            });
        services.AddHttpClient("FluxImaging.Voodoohop").ConfigurePrimaryHttpMessageHandler(() => _space);
        return services.BuildServiceProvider();
    }
}

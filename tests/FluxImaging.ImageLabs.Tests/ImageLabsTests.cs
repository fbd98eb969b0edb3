using System.Text.Json.Nodes;
using FluxImaging.Testing;
using FluxImaging.Testing.ImageLabs;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.ImageLabs.Tests;

[TestFixture]
public sealed class ImageLabsTests
{
    private ImageLabsEmulator _labs = null!;
    private ServiceProvider _services = null!;

    private FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    [SetUp]
    public async Task SetUp()
    {
        _labs = await ImageLabsEmulator.StartAsync();
        _services = Build();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _labs.DisposeAsync();
    }

    [Test]
    public async Task Sdxl_turbo_submits_polls_and_returns_the_image()
    {
        var events = new List<ImageEvent>();
        await foreach (var imageEvent in Client.GenerateAsync(new ImageRequest("a red fox in snow") { Model = "sdxl-turbo" }))
        {
            events.Add(imageEvent);
        }

        var statuses = events.OfType<Reasoning>().Select(r => (r.Status, r.Fraction)).ToList();
        Assert.That(statuses, Is.EqualTo(new (string, double?)[]
        {
            ("ImageLabs: submitted", null),
            ("ImageLabs: Queued", 0.0),
            ("ImageLabs: Processing", 0.67),
        }));
        var final = events.OfType<ImageResponse>().Single();
        Assert.That((final.Provider, final.Model), Is.EqualTo(("ImageLabs", "sdxl-turbo")));
        Assert.That(final.Images.Single().Uri!.AbsolutePath, Does.Match("^/images/[0-9a-f]{32}\\.png$"));
        var png = (await final.Images[0].ReadAllBytesAsync()).ToArray();
        Assert.That(png.AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(_labs.Requests.Count(r => r.Path == "/progress"), Is.EqualTo(3));
    }

    [Test]
    public async Task The_submit_body_has_the_editors_fields_in_order_with_string_seeds()
    {
        await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "sdxl-turbo" });

        var submit = _labs.Requests.Single(r => r.Path == "/txt2img");
        var body = JsonNode.Parse(submit.BodyText)!.AsObject();
        Assert.That(body.Select(p => p.Key), Is.EqualTo(new[] { "prompt", "seed", "subseed", "attention", "tiling", "negative_prompt", "reference_image", "reference_image_type", "reference_strength", "width", "height" }));
        Assert.That((string)body["seed"]!, Does.Match("^\\d{10}$"), "Unix seconds, as a string");
        Assert.That((string)body["subseed"]!, Does.Match("^\\d{13}$"), "Unix milliseconds, as a string");
        Assert.That(body.ToJsonString(), Does.EndWith("""
            "attention":0,"tiling":false,"negative_prompt":"","reference_image":"","reference_image_type":null,"reference_strength":30,"width":1024,"height":1024}
            """));
        Assert.That(submit.Header("X-Requested-With"), Is.EqualTo("XMLHttpRequest"));
        Assert.That(submit.Header("Origin"), Is.EqualTo(_labs.BaseAddress.AbsoluteUri.TrimEnd('/')));
        Assert.That(submit.Header("Referer"), Is.EqualTo(_labs.BaseAddress.AbsoluteUri));
        Assert.That(submit.Header("User-Agent"), Does.StartWith("Mozilla/5.0"));
        var poll = _labs.Requests.First(r => r.Path == "/progress");
        Assert.That(JsonNode.Parse(poll.BodyText)!.ToJsonString(), Does.Match("""^\{"task_id":"[0-9a-f]{32}"\}$"""));
    }

    [Test]
    public async Task The_callers_seed_negative_prompt_ratio_and_extras_are_honoured()
    {
        var response = await Client.GenerateImageAsync(new ImageRequest("a cat")
        {
            Model = "sdxl-turbo",
            Seed = 42,
            NegativePrompt = "blurry",
            AspectRatio = "16:9",
            AdditionalProperties = new Dictionary<string, object?> { ["tiling"] = true, ["style"] = "anime" },
        });

        var body = JsonNode.Parse(_labs.Requests.Single(r => r.Path == "/txt2img").BodyText)!;
        Assert.That(((string)body["seed"]!, (string)body["negative_prompt"]!, (int)body["width"]!, (int)body["height"]!), Is.EqualTo(("42", "blurry", 1024, 576)));
        Assert.That(((bool)body["tiling"]!, (string)body["style"]!), Is.EqualTo((true, "anime")));
        Assert.That(response.Seed, Is.EqualTo(42));
    }

    [Test]
    public void Extras_may_not_replace_the_prompt_or_size()
    {
        var request = new ImageRequest("a cat") { Model = "sdxl-turbo", AdditionalProperties = new Dictionary<string, object?> { ["prompt"] = "something else" } };

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync(request))!.Kind, Is.EqualTo(FluxImagingErrorKind.InvalidRequest));
        Assert.That(_labs.Requests, Is.Empty);
    }

    [Test]
    public void A_Cloudflare_challenge_is_unavailable_with_a_readable_message()
    {
        _labs.FailNext(ImageLabsFault.CloudflareChallenge);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Message, Does.Contain("Cloudflare").And.Not.Contain("<"));
        Assert.That(error.Status, Is.EqualTo(403));
    }

    [Test]
    public void An_HTML_page_instead_of_JSON_is_unavailable_not_a_crash()
    {
        _labs.FailNext(ImageLabsFault.HtmlInsteadOfJson);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Message, Does.Contain("instead of JSON").And.Contain("maintenance"));
    }

    [Test]
    public void A_submit_without_task_id_is_a_protocol_error_and_nothing_is_polled()
    {
        _labs.FailNext(ImageLabsFault.NoTaskId);

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"))!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(_labs.Requests.Where(r => r.Path == "/progress"), Is.Empty);
    }

    [Test]
    public async Task A_null_status_is_survived()
    {
        _labs.FailNext(ImageLabsFault.NullStatus);

        var response = await Client.GenerateImageAsync("a cat", "sdxl-turbo");

        Assert.That(response.Images, Has.Count.EqualTo(1));
    }

    [Test]
    public void Done_without_an_image_url_is_a_protocol_error()
    {
        _labs.FailNext(ImageLabsFault.DoneWithoutUrl);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That((error!.Kind, error.Message), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, "ImageLabs reported the task done but gave no image URL.")));
    }

    [Test]
    public async Task An_image_url_is_final_even_before_the_status_says_done()
    {
        _labs.FailNext(ImageLabsFault.UrlBeforeDone);

        var response = await Client.GenerateImageAsync("a cat", "sdxl-turbo");

        Assert.That(response.Images, Has.Count.EqualTo(1));
        Assert.That(_labs.Requests.Count(r => r.Path == "/progress"), Is.EqualTo(2));
    }

    [Test]
    public void An_error_status_is_an_upstream_error_with_the_services_text()
    {
        _labs.FailNext(ImageLabsFault.ErrorStatus);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
        Assert.That(error.Message, Is.EqualTo("ImageLabs reported: Error Generation failed: NSFW content detected."));
    }

    [Test]
    public void A_task_that_never_finishes_ends_after_the_poll_limit()
    {
        _labs.FailNext(ImageLabsFault.NeverFinishes);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Timeout));
        Assert.That(error.Message, Does.Contain("5 polls"));
        Assert.That(_labs.Requests.Count(r => r.Path == "/progress"), Is.EqualTo(5));
    }

    [Test]
    public void A_task_that_never_finishes_also_ends_at_the_generation_deadline()
    {
        _services.Dispose();
        _services = Build(o =>
        {
            o.MaxPolls = 1000;
            o.PollInterval = TimeSpan.FromMilliseconds(50);
            o.Timeouts.Generation = TimeSpan.FromSeconds(1);
        });
        _labs.FailNext(ImageLabsFault.NeverFinishes);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That((error!.Kind, error.Message.Contains("deadline", StringComparison.Ordinal)), Is.EqualTo((FluxImagingErrorKind.Timeout, true)));
    }

    [Test]
    public void A_429_with_Retry_After_beyond_the_budget_is_rate_limited()
    {
        _labs.Host.Faults.Add("POST", "/txt2img", Fault.Status(429, """{"error":"Too many requests"}""", headers: new Dictionary<string, string> { ["Retry-After"] = "600" }));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "sdxl-turbo"));

        Assert.That((error!.Kind, error.RetryAfter), Is.EqualTo((FluxImagingErrorKind.RateLimited, (TimeSpan?)TimeSpan.FromMinutes(10))));
    }

    [Test]
    public async Task Cancellation_stops_polling_at_once()
    {
        _services.Dispose();
        _services = Build(o => o.PollInterval = TimeSpan.FromMilliseconds(100));
        _labs.FailNext(ImageLabsFault.NeverFinishes);
        using var cancellation = new CancellationTokenSource();

        var generation = Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "sdxl-turbo" }, cancellation.Token);
        await _labs.Host.WaitForRequestAsync(r => r.Path == "/progress").WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();

        Assert.That(async () => await generation, Throws.InstanceOf<OperationCanceledException>());
        var polls = _labs.Requests.Count(r => r.Path == "/progress");
        await Task.Delay(TimeSpan.FromMilliseconds(500)); // several poll intervals: nothing more may arrive
        Assert.That(_labs.Requests.Count(r => r.Path == "/progress"), Is.EqualTo(polls));
    }

    private ServiceProvider Build(Action<ImageLabsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o => o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10))
            .AddImageLabs(o =>
            {
                o.Endpoint = _labs.BaseAddress;
                o.PollInterval = TimeSpan.FromMilliseconds(10);
                o.MaxPolls = 5;
                configure?.Invoke(o);
            });
        return services.BuildServiceProvider();
    }
}

using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Pollinations.Tests;

/// <summary>Each answer of the service's error table becomes one typed error with the server's own words, never markup.</summary>
[TestFixture]
public sealed class ErrorTests : EmulatedServiceFixture
{
    private const string Prompt = "a private prompt about zanzibar foxes";

    [TestCase(PollinationsFault.RateLimited, FluxImagingErrorKind.RateLimited, 429, "Rate limit bucket exhausted")]
    [TestCase(PollinationsFault.RateLimitedWithoutRetryAfter, FluxImagingErrorKind.RateLimited, 429, "Too many requests. Please slow down.")]
    [TestCase(PollinationsFault.QueueFull, FluxImagingErrorKind.RateLimited, 429, "Queue full for IP")]
    [TestCase(PollinationsFault.PaymentRequiredQueueFull, FluxImagingErrorKind.RateLimited, 402, "Queue full for IP")]
    [TestCase(PollinationsFault.PaymentRequiredTier, FluxImagingErrorKind.QuotaExceeded, 402, "tier not high enough")]
    [TestCase(PollinationsFault.Unauthorized, FluxImagingErrorKind.Unauthorized, 401, "Authentication required")]
    [TestCase(PollinationsFault.Forbidden, FluxImagingErrorKind.Unauthorized, 403, "Access denied!")]
    [TestCase(PollinationsFault.CloudflareChallenge, FluxImagingErrorKind.UpstreamUnavailable, 403, "Cloudflare")]
    [TestCase(PollinationsFault.BadRequest, FluxImagingErrorKind.InvalidRequest, 400, "Invalid query parameters (width: Expected number, received nan)")]
    [TestCase(PollinationsFault.ContentProhibited, FluxImagingErrorKind.InvalidRequest, 500, "Content is prohibited")]
    [TestCase(PollinationsFault.HourlyLimit, FluxImagingErrorKind.QuotaExceeded, 500, "Hourly limit reached")]
    [TestCase(PollinationsFault.NestedError, FluxImagingErrorKind.UpstreamError, 500, "HTTP error! status: 403, No available image model servers for flux")]
    [TestCase(PollinationsFault.BadGateway, FluxImagingErrorKind.UpstreamUnavailable, 502, "image.pollinations.ai | 502: Bad gateway")]
    [TestCase(PollinationsFault.HtmlInsteadOfImage, FluxImagingErrorKind.ProtocolViolation, 200, "instead of an image")]
    [TestCase(PollinationsFault.JsonInsteadOfImage, FluxImagingErrorKind.ProtocolViolation, 200, "instead of an image")]
    [TestCase(PollinationsFault.EmptyBody, FluxImagingErrorKind.ProtocolViolation, 200, "empty body")]
    public async Task Each_answer_maps_to_its_kind_with_a_clean_message(PollinationsFault fault, FluxImagingErrorKind kind, int status, string says)
    {
        Service.FailNext(fault);

        var (events, error) = await Host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error, Is.Not.Null);
        Assert.That((error!.Kind, error.Status, error.Provider), Is.EqualTo((kind, (int?)status, "Pollinations")));
        Assert.That(error.Message, Does.Contain(says));
        Assert.That(error.Message, Does.Not.Contain("<").And.Not.Contain("{\"").And.Not.Contain("zanzibar"), "no markup, no raw JSON, no prompt");
        Assert.That(events.Where(e => e is not Reasoning), Is.Empty, "no preview or image on an error");
    }

    [Test]
    public async Task A_Retry_After_comes_with_the_rate_limit()
    {
        Service.FailNext(PollinationsFault.RateLimited);

        var (_, error) = await Host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(13)));
    }

    [Test]
    public async Task The_edge_limit_has_no_Retry_After()
    {
        Service.FailNext(PollinationsFault.RateLimitedWithoutRetryAfter);

        var (_, error) = await Host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error!.RetryAfter, Is.Null);
    }

    [Test]
    public async Task Only_the_title_of_an_error_page_is_kept()
    {
        Service.FailNext(PollinationsFault.BadGateway);

        var (_, error) = await Host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error!.Message, Is.EqualTo("GET /prompt/{prompt} failed with HTTP 502 (Bad Gateway): image.pollinations.ai | 502: Bad gateway"));
    }

    [Test]
    public async Task An_unknown_model_is_not_found_and_names_the_setting()
    {
        await Host.DisposeAsync();
        Host = PollinationsHost.Create(o =>
        {
            o.Endpoint = Service.BaseAddress;
            o.Model = "flux-ultra";
        });

        var (_, error) = await Host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.NotFound));
        Assert.That(error.Message, Does.Contain("Invalid enum value. Expected 'flux' | 'turbo', received 'flux-ultra'").And.Contain("FluxImaging:Providers:Pollinations:Model"));
    }

    [Test]
    [Repeat(5)]
    public async Task A_body_cut_short_is_one_protocol_violation_whenever_the_connection_goes()
    {
        Service.FailNext(PollinationsFault.CutShort);

        var (events, error) = await Host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That((error?.Kind, error?.Provider, error?.Status), Is.EqualTo(((FluxImagingErrorKind?)FluxImagingErrorKind.ProtocolViolation, "Pollinations", (int?)200)));
        Assert.That(error!.Message, Does.StartWith("The image from GET /prompt/{prompt} broke off after"));
        Assert.That(events.OfType<ImageResponse>(), Is.Empty);
    }
}

/// <summary>Retries come from the shared pipeline only: what it retries, how often, and what it hands back.</summary>
[TestFixture]
public sealed class RetryTests
{
    private PollinationsEmulator _service = null!;
    private PollinationsHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _service = await PollinationsEmulator.StartAsync();
        _host = PollinationsHost.Create(o => o.Endpoint = _service.BaseAddress, shared: o => o.Retry.MaxAttempts = 3);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _service.DisposeAsync();
    }

    [TestCase(PollinationsFault.QueueFull)]
    [TestCase(PollinationsFault.RateLimitedWithoutRetryAfter)]
    [TestCase(PollinationsFault.BadGateway)]
    public async Task A_transient_answer_is_retried_and_the_retry_serves_the_image(PollinationsFault fault)
    {
        _service.FailNext(fault);

        var response = await _host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(response.Images, Has.Count.EqualTo(1));
        Assert.That(_service.Generations, Has.Count.EqualTo(2));
    }

    [TestCase(PollinationsFault.PaymentRequiredQueueFull, FluxImagingErrorKind.RateLimited)]
    [TestCase(PollinationsFault.Unauthorized, FluxImagingErrorKind.Unauthorized)]
    [TestCase(PollinationsFault.BadRequest, FluxImagingErrorKind.InvalidRequest)]
    [TestCase(PollinationsFault.HtmlInsteadOfImage, FluxImagingErrorKind.ProtocolViolation)]
    public async Task An_answer_that_is_not_transient_is_not_retried(PollinationsFault fault, FluxImagingErrorKind kind)
    {
        _service.FailNext(fault, times: 3);

        var (_, error) = await _host.RunAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That(error!.Kind, Is.EqualTo(kind));
        Assert.That(_service.Generations, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_Retry_After_beyond_the_budget_is_returned_not_waited_for()
    {
        _service.RetryAfterSeconds = 600;
        _service.FailNext(PollinationsFault.RateLimited);

        var (_, error) = await _host.RunAsync(new ImageRequest("a cat") { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });

        Assert.That((error!.Kind, error.RetryAfter), Is.EqualTo((FluxImagingErrorKind.RateLimited, (TimeSpan?)TimeSpan.FromMinutes(10))));
        Assert.That(_service.Generations, Has.Count.EqualTo(1));
    }
}

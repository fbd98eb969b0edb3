using System.Net;
using FluxImaging.OpenAI.Tests.Support;
using FluxImaging.Testing;
using FluxImaging.Testing.Imaging;
using FluxImaging.Testing.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace FluxImaging.OpenAI.Tests.G4F;

/// <summary>gpt4free reports nearly every failure as a 500 <c>{"error":{"message":"&lt;Class&gt;: &lt;text&gt;"}}</c>; the kind comes from the text.</summary>
[TestFixture]
public sealed class G4FErrorTests
{
    private OpenAIImagesEmulator _server = null!;
    private ServiceProvider _services = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await OpenAIImagesEmulator.StartGpt4FreeAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [SetUp]
    public void SetUp() => _services = OpenAIHost.Build(o =>
    {
        o.Endpoint = _server.BaseAddress;
        o.Dialect = OpenAIDialect.G4F;
    });

    [TearDown]
    public async Task TearDown()
    {
        _server.Host.Faults.Clear();
        await _services.DisposeAsync();
    }

    [TestCase("RateLimitError", "Response 429: Rate limit", 500, FluxImagingErrorKind.RateLimited)]
    [TestCase("RateLimitError", "Response 504: Gateway Timeout ", 500, FluxImagingErrorKind.RateLimited)]
    [TestCase("ResponseError", "You have exceeded your GPU quota (60s requested vs. 56s left).", 500, FluxImagingErrorKind.QuotaExceeded)]
    [TestCase("ResponseError", "You have exceeded your ZeroGPU runs limit. ", 500, FluxImagingErrorKind.QuotaExceeded)]
    [TestCase("ResponseError", "Space app has reached its GPU limit. Try re-running outside of examples if it happened after clicking one", 500, FluxImagingErrorKind.QuotaExceeded)]
    [TestCase("ResponseError", "No GPU was available after 60s. Retry later", 500, FluxImagingErrorKind.UpstreamUnavailable)]
    [TestCase("ResponseError", "You have too many ZeroGPU credits allocated to running tasks. Try again once some of those tasks have completed.", 500, FluxImagingErrorKind.RateLimited)]
    [TestCase("MissingAuthError", "Response 401: Invalid credentials", 401, FluxImagingErrorKind.Unauthorized)]
    [TestCase("MissingAuthError", "Add a \"api_key\"", 500, FluxImagingErrorKind.Unauthorized)]
    [TestCase("ModelNotFoundError", "Model is not supported: flux-ultra in: BlackForestLabs_Flux1Dev", 404, FluxImagingErrorKind.NotFound)]
    [TestCase("ProviderNotFoundError", "Provider not found: Nowhere", 404, FluxImagingErrorKind.NotFound)]
    [TestCase("CloudflareError", "Response 403: Cloudflare detected", 500, FluxImagingErrorKind.UpstreamUnavailable)]
    [TestCase("TimeoutError", "Request timed out", 500, FluxImagingErrorKind.Timeout)]
    [TestCase("ResponseStatusError", "Response 503: Service Unavailable", 500, FluxImagingErrorKind.UpstreamUnavailable)]
    [TestCase("ResponseStatusError", "Response 400: prompt too long", 500, FluxImagingErrorKind.InvalidRequest)]
    [TestCase("NoMediaResponseError", "No media response from BlackForestLabs_Flux1Dev", 500, FluxImagingErrorKind.UpstreamError)]
    [TestCase("TypeError", "Images.generate() got multiple values for keyword argument 'provider'", 500, FluxImagingErrorKind.UpstreamError)]
    public void A_gpt4free_error_becomes_the_kind_its_text_names(string exceptionClass, string text, int status, FluxImagingErrorKind kind)
    {
        _server.Host.Faults.Add("POST", "/images/generations", Gpt4FreeErrors.Fault(exceptionClass, text, status, model: "flux"));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _services.Client().GenerateImageAsync(new ImageRequest("a cat")));

        Assert.That((error!.Kind, error.Status, error.Provider), Is.EqualTo((kind, (int?)status, "OpenAI")));
        Assert.That(error.Message, Does.Contain($"{exceptionClass}: {text.Trim()}").And.Not.Contain("{"));
    }

    [TestCase("You have exceeded your free ZeroGPU quota (60s requested vs. 42s left). Try again in 0:05:17. Subscribe to Hugging Face PRO", 317)]
    [TestCase("You have exceeded your Pro ZeroGPU quota (60s requested vs. 0s left). Try again in 1 day, 2:03:04.", 93784)]
    [TestCase("You have exceeded your GPU quota (46s left vs. 60s requested). retry in 0:09:48", 588)]
    [TestCase("You have exceeded your free ZeroGPU quota (60s requested vs. 42s left). Try again in 0:00:04.250000.", 5)]
    public void A_quota_text_carries_the_wait_it_names(string text, int seconds)
    {
        _server.Host.Faults.Add("POST", "/images/generations", Gpt4FreeErrors.Fault("ResponseError", text));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _services.Client().GenerateImageAsync(new ImageRequest("a cat")));

        Assert.That((error!.Kind, error.RetryAfter), Is.EqualTo((FluxImagingErrorKind.QuotaExceeded, (TimeSpan?)TimeSpan.FromSeconds(seconds))));
    }

    [Test]
    public void A_Retry_After_header_wins_over_the_text()
    {
        _server.Host.Faults.Add("POST", "/images/generations", Fault.Status(
            500,
            Gpt4FreeErrors.Body("ResponseError", "You have exceeded your free ZeroGPU quota (60s requested vs. 42s left). Try again in 0:05:17."),
            headers: new Dictionary<string, string> { ["Retry-After"] = "60" }));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _services.Client().GenerateImageAsync(new ImageRequest("a cat")));

        Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public async Task A_failure_in_a_later_call_fails_the_generation_without_a_partial_set_of_images()
    {
        using var mock = new MockHttpMessageHandler();
        var png = Convert.ToBase64String(PngImage.Render("a cat", 1, 16, 16));
        mock.Expect(HttpMethod.Post, "https://g4f.test/v1/images/generations").Respond("application/json", $$"""{"data":[{"b64_json":"{{png}}"}],"created":1}""");
        mock.Expect(HttpMethod.Post, "https://g4f.test/v1/images/generations").Respond(HttpStatusCode.InternalServerError, "application/json", Gpt4FreeErrors.Body("RateLimitError", "Response 429: Rate limit"));
        await using var services = OpenAIHost.Build(
            o =>
            {
                o.Endpoint = new Uri("https://g4f.test");
                o.Dialect = OpenAIDialect.G4F;
            },
            mock);

        var events = new List<ImageEvent>();
        var error = Assert.ThrowsAsync<FluxImagingException>(async () =>
        {
            await foreach (var e in services.Client().GenerateAsync(new ImageRequest("a cat") { Count = 3 }))
            {
                events.Add(e);
            }
        });

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.RateLimited));
        Assert.That(events.OfType<ImageResponse>(), Is.Empty);
        Assert.That(events.OfType<Reasoning>().Count(), Is.EqualTo(2), "the third call was never made");
        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public void The_422_for_a_fractional_guidance_scale_names_the_field()
    {
        // What the openai dialect's decimal guidance gets from gpt4free (the g4f dialect never sends it).
        using var services = OpenAIHost.Build(o =>
        {
            o.Endpoint = _server.BaseAddress;
            o.Models = ["flux"];
        });

        var error = Assert.ThrowsAsync<FluxImagingException>(() => services.Client().GenerateImageAsync(new ImageRequest("a cat") { GuidanceScale = 3.5 }));

        Assert.That((error!.Kind, error.Status), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, (int?)422)));
        Assert.That(error.Message, Does.Contain("Input should be a valid integer, got a number with a fractional part"));
    }
}

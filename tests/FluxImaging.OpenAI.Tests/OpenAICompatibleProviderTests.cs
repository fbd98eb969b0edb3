using System.Net;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;
using FluxImaging.Testing.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace FluxImaging.OpenAI.Tests;

[TestFixture]
public sealed class OpenAICompatibleProviderTests
{
    private OpenAIImagesEmulator _server = null!;
    private ServiceProvider _services = null!;

    private FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    [SetUp]
    public async Task SetUp()
    {
        _server = await OpenAIImagesEmulator.StartAsync();
        _services = Build(o => o.Endpoint = _server.BaseAddress);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task The_request_maps_to_model_prompt_n_size_and_the_set_extensions()
    {
        await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3", Count = 2, Width = 512, Height = 768, Seed = 42, GuidanceScale = 3.5 });

        var request = _server.Requests.Single(r => r.Path == "/v1/images/generations");
        Assert.That(JsonNode.Parse(request.BodyText)!.ToJsonString(), Is.EqualTo("""{"model":"dall-e-3","prompt":"a cat","n":2,"size":"512x768","seed":42,"guidance_scale":3.5}"""));
        Assert.That(request.Header("Authorization"), Is.Null, "no key configured, none sent");
    }

    [Test]
    public async Task Url_results_become_images_by_url_and_download_as_png()
    {
        var response = await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3", Count = 2 });

        Assert.That(response.Images, Has.Count.EqualTo(2));
        Assert.That(response.Images.Select(i => i.Uri!.AbsolutePath), Has.All.StartWith("/media/"));
        Assert.That((await response.Images[1].ReadAllBytesAsync()).ToArray().AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public async Task Base64_results_are_decoded_into_bytes()
    {
        await _services.DisposeAsync();
        _services = Build(o =>
        {
            o.Endpoint = _server.BaseAddress;
            o.ResponseFormat = "b64_json";
            o.ApiKey = "sk-test";
        });

        var response = await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3", Width = 32, Height = 16, Seed = 9 });

        var image = response.Images.Single();
        Assert.That(image.Uri, Is.Null);
        Assert.That(image.MediaType, Is.EqualTo("image/png"));
        Assert.That(image.Data!.Value.ToArray(), Is.EqualTo(PngImage.Render("a cat", 9, 32, 16)));
        Assert.That(_server.Requests.Single().Header("Authorization"), Is.EqualTo("Bearer sk-test"));
    }

    [Test]
    public async Task Previews_leaked_by_old_gpt4free_servers_are_dropped()
    {
        _server.LeakedPreviews = 2;

        var response = await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3" });

        var bytes = (await response.Images.Single().ReadAllBytesAsync()).ToArray();
        Assert.That(bytes.Length, Is.GreaterThan(PngImage.Render("a cat", 0, 16, 16).Length), "the final image, not a 16x16 preview");
    }

    [Test]
    public async Task An_endpoint_path_ending_in_v1_is_not_doubled()
    {
        await _services.DisposeAsync();
        _services = Build(o => o.Endpoint = new Uri(_server.BaseAddress, "/v1"));

        await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3" });

        Assert.That(_server.Requests.Single().Path, Is.EqualTo("/v1/images/generations"));
    }

    [TestCase(429, """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", FluxImagingErrorKind.RateLimited)]
    [TestCase(429, """{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""", FluxImagingErrorKind.QuotaExceeded)]
    [TestCase(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""", FluxImagingErrorKind.Unauthorized)]
    [TestCase(403, """{"error":{"message":"Forbidden","type":"invalid_request_error","param":null,"code":null}}""", FluxImagingErrorKind.Unauthorized)]
    [TestCase(400, """{"error":{"message":"Invalid size","type":"invalid_request_error","param":"size","code":null}}""", FluxImagingErrorKind.InvalidRequest)]
    [TestCase(404, """{"error":{"message":"The model does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}""", FluxImagingErrorKind.NotFound)]
    [TestCase(500, """{"error":{"message":"RateLimitError: Too many requests"},"model":"flux"}""", FluxImagingErrorKind.RateLimited)]
    [TestCase(500, """{"error":{"message":"ResponseError: You have exceeded your GPU quota (60s requested vs. 56s left)."}}""", FluxImagingErrorKind.QuotaExceeded)]
    public async Task Error_bodies_and_statuses_map_to_kinds(int status, string body, FluxImagingErrorKind kind)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://images.test/v1/images/generations").Respond((HttpStatusCode)status, "application/json", body);
        await _services.DisposeAsync();
        _services = Build(o => o.Endpoint = new Uri("https://images.test"), mock);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3" }));

        Assert.That(error!.Kind, Is.EqualTo(kind));
        Assert.That(error.Status, Is.EqualTo(status));
        Assert.That(error.Message, Does.Not.Contain("{"));
    }

    [Test]
    public async Task A_429_carries_its_Retry_After()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://images.test/v1/images/generations").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("""{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}""") };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromMinutes(30));
            return response;
        });
        await _services.DisposeAsync();
        _services = Build(o => o.Endpoint = new Uri("https://images.test"), mock);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3" }));

        Assert.That((error!.Kind, error.RetryAfter), Is.EqualTo((FluxImagingErrorKind.RateLimited, (TimeSpan?)TimeSpan.FromMinutes(30))));
    }

    [Test]
    public async Task An_answer_without_images_is_a_protocol_error()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://images.test/v1/images/generations").Respond("application/json", """{"created":1,"data":[null,{"revised_prompt":"x"}]}""");
        await _services.DisposeAsync();
        _services = Build(o => o.Endpoint = new Uri("https://images.test"), mock);

        Assert.That(Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3" }))!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
    }

    [Test]
    public void Configured_models_are_what_the_provider_serves()
    {
        _services.Dispose();
        _services = Build(o =>
        {
            o.Endpoint = _server.BaseAddress;
            o.Models = ["flux-pro", "my-model"];
        });

        Assert.That(Client.ResolveProviders("my-model").Single().Name, Is.EqualTo("OpenAI"));
        Assert.That(Client.Providers.Single().Models.DefaultModel, Is.EqualTo("flux-pro"));
    }

    private static ServiceProvider Build(Action<OpenAICompatibleOptions> configure, HttpMessageHandler? primary = null)
    {
        var services = new ServiceCollection();
        services.AddFluxImaging().Configure(o => o.Retry.MaxAttempts = 1).AddOpenAICompatible(configure);
        if (primary is not null)
        {
            services.AddHttpClient("FluxImaging.OpenAI").ConfigurePrimaryHttpMessageHandler(() => primary);
        }

        return services.BuildServiceProvider();
    }
}

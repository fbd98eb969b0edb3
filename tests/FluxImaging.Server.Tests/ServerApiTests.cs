using System.Net;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;
using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Server.Tests;

[TestFixture]
public sealed class ServerApiTests
{
    private ServerFixture _server = null!;

    private OfflineEmulators Emulators => _server.Emulators!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ServerFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task The_answer_has_OpenAIs_shape_with_an_absolute_media_url()
    {
        using var response = await PostAsync("""{"model":"flux-dev","prompt":"a red fox","seed":7,"guidance_scale":3.5}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await JsonAsync(response);
        Assert.That(body.GetProperty("created").ValueKind, Is.EqualTo(JsonValueKind.Number));
        var item = body.GetProperty("data").EnumerateArray().Single();
        Assert.That(item.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "url", "revised_prompt" }));
        Assert.That(item.GetProperty("url").GetString(), Does.StartWith($"{_server.BaseAddress.AbsoluteUri}media/"));
        Assert.That((body.GetProperty("model").GetString(), body.GetProperty("provider").GetString()), Is.EqualTo(("flux-dev", "BlackForestLabs")));
    }

    [Test]
    public async Task The_seed_turns_randomisation_off_and_the_decimal_guidance_reaches_the_Space()
    {
        Emulators.FluxDev.Host.ClearRequests();

        using var response = await PostAsync("""{"model":"flux-dev","prompt":"a red fox","seed":7,"guidance_scale":4.5,"num_inference_steps":4,"size":"512x512"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var join = Emulators.FluxDev.Requests.Single(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal));
        Assert.That(JsonDocument.Parse(join.BodyText).RootElement.GetProperty("data").GetRawText(), Is.EqualTo("""["a red fox",7,false,512,512,4.5,4]"""));
    }

    [Test]
    public async Task N_is_honoured_with_one_generation_per_image_where_the_upstream_makes_one()
    {
        using var response = await PostAsync("""{"model":"flux-schnell","prompt":"a red fox","n":2,"response_format":"b64_json"}""");

        var items = (await JsonAsync(response)).GetProperty("data").EnumerateArray().ToList();
        Assert.That(items, Has.Count.EqualTo(2));
        Assert.That(items.Select(i => Convert.FromBase64String(i.GetProperty("b64_json").GetString()!).AsSpan(1, 3).ToArray()), Has.All.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public async Task Media_is_served_with_type_cache_headers_and_an_ETag()
    {
        using var generated = await PostAsync("""{"model":"flux-schnell","prompt":"a red fox"}""");
        var url = (await JsonAsync(generated)).GetProperty("data")[0].GetProperty("url").GetString()!;

        using var first = await _server.Http.GetAsync(url);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(first.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"));
        Assert.That(first.Headers.CacheControl!.Public, Is.True);
        Assert.That(first.Headers.CacheControl.MaxAge, Is.EqualTo(TimeSpan.FromDays(365)));
        Assert.That(first.Headers.ETag, Is.Not.Null);

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await _server.Http.SendAsync(again);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [TestCase("/media/does-not-exist.png")]
    [TestCase("/media/..%2F..%2Fappsettings.json")]
    [TestCase("/images/1_x_0123456789abcdef.png")]
    public async Task Unknown_or_hostile_media_names_are_404_in_OpenAIs_shape(string path)
    {
        using var response = await _server.Http.GetAsync(_server.Url(path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.That(error.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "message", "type", "param", "code" }));
    }

    [Test]
    public async Task Unknown_model_is_404_model_not_found()
    {
        using var response = await PostAsync("""{"model":"dall-e-9","prompt":"x"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("code").GetString()), Is.EqualTo(("invalid_request_error", "model_not_found")));
    }

    [Test]
    public async Task Unknown_provider_pin_is_404_provider_not_found()
    {
        using var response = await PostAsync("""{"model":"flux","prompt":"x","provider":"Midjourney"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("provider_not_found"));
    }

    [Test]
    public async Task The_ZeroGPU_quota_is_429_insufficient_quota_with_Retry_After()
    {
        Emulators.FluxDev.QuotaMessage = "You have exceeded your GPU quota (46s left vs. 60s requested). Sign-up on Hugging Face to get more quotas or retry in 0:09:48.";
        Emulators.FluxDev.FailNext(SpaceFault.QuotaExceeded);

        using var response = await PostAsync("""{"model":"flux-dev","prompt":"x"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(588)));
        Assert.That(response.Headers.GetValues("x-should-retry").Single(), Is.EqualTo("false"));
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.That((error.GetProperty("type").GetString(), error.GetProperty("code").GetString()), Is.EqualTo(("insufficient_quota", "insufficient_quota")));
        Assert.That(error.GetProperty("message").GetString(), Does.StartWith("You have exceeded your GPU quota").And.Not.Contain("<"));
    }

    [Test]
    public async Task An_upstream_failure_is_502_upstream_error()
    {
        Emulators.FluxDev.FailNext(SpaceFault.HiddenError);

        using var response = await PostAsync("""{"model":"flux-dev","prompt":"x"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That((await JsonAsync(response)).GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("upstream_error"));
    }

    [TestCase("{not json", null)]
    [TestCase("[1,2]", null)]
    [TestCase("""{"model":"flux"}""", "prompt")]
    [TestCase("""{"prompt":"   "}""", "prompt")]
    [TestCase("""{"prompt":"x","n":11}""", "n")]
    [TestCase("""{"prompt":"x","size":"huge"}""", "size")]
    [TestCase("""{"prompt":"x","response_format":"png"}""", "response_format")]
    [TestCase("""{"prompt":"x","aspect_ratio":"7:5"}""", "aspect_ratio")]
    [TestCase("""{"prompt":"x","seed":"forty-two"}""", "seed")]
    public async Task Bad_requests_are_400_naming_the_field(string body, string? param)
    {
        using var response = await PostAsync(body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = (await JsonAsync(response)).GetProperty("error");
        Assert.That(error.GetProperty("type").GetString(), Is.EqualTo("invalid_request_error"));
        Assert.That(error.GetProperty("param").ValueKind == JsonValueKind.Null ? null : error.GetProperty("param").GetString(), Is.EqualTo(param));
    }

    [Test]
    public async Task Streaming_sends_progress_comments_partial_images_and_the_completed_image()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Url("/v1/images/generations"))
        {
            Content = new StringContent("""{"model":"flux-dev","prompt":"a red fox","stream":true,"partial_images":2,"size":"256x256"}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
        var raw = await response.Content.ReadAsStringAsync();

        Assert.That(raw, Does.Contain(": BlackForestLabs: Step 1/28"));
        var items = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(raw))).EnumerateAsync())
        {
            items.Add(item);
        }

        Assert.That(items.Select(i => i.EventType), Is.EqualTo(new[] { "image_generation.partial_image", "image_generation.partial_image", "image_generation.completed" }));
        var partial = JsonDocument.Parse(items[1].Data).RootElement;
        Assert.That((partial.GetProperty("type").GetString(), partial.GetProperty("partial_image_index").GetInt32(), partial.GetProperty("size").GetString()), Is.EqualTo(("image_generation.partial_image", 1, "256x256")));
        var completed = JsonDocument.Parse(items[2].Data).RootElement;
        Assert.That(Convert.FromBase64String(completed.GetProperty("b64_json").GetString()!).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(completed.GetProperty("output_format").GetString(), Is.EqualTo("png"));
        Assert.That(completed.TryGetProperty("usage", out _), Is.True);
    }

    [Test]
    public async Task Models_and_health_list_what_is_registered()
    {
        var models = await _server.Http.GetFromJsonAsync<JsonElement>(_server.Url("/v1/models"));
        var health = await _server.Http.GetFromJsonAsync<JsonElement>(_server.Url("/health"));

        Assert.That(models.GetProperty("object").GetString(), Is.EqualTo("list"));
        Assert.That(models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()), Is.SupersetOf(new[] { "flux", "flux-dev", "flux-schnell", "sdxl-turbo" }));
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Our_provider_through_our_server_through_the_emulator()
    {
        var services = new ServiceCollection();
        services.AddFluxImaging().AddOpenAICompatible(o =>
        {
            o.Endpoint = _server.BaseAddress;
            o.Models = ["flux-schnell"];
            o.ResponseFormat = "b64_json";
        });
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<FluxImagingClient>().GenerateImageAsync(new ImageRequest("a red fox") { Model = "flux-schnell", Count = 2, Seed = 3 });

        Assert.That(response.Images, Has.Count.EqualTo(2));
        Assert.That(response.Images.Select(i => i.MediaType), Has.All.EqualTo("image/png"));
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _server.Http.PostAsync(_server.Url("/v1/images/generations"), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.OpenAI.Tests.Support;
using FluxImaging.Testing;
using FluxImaging.Testing.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxImaging.OpenAI.Tests.G4F;

/// <summary>What a gpt4free server receives from the <c>g4f</c> dialect (<c>openai-images.md</c> §A.3, §F).</summary>
[TestFixture]
public sealed class G4FRequestTests
{
    private OpenAIImagesEmulator _server = null!;
    private ServiceProvider _services = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = await OpenAIImagesEmulator.StartGpt4FreeAsync();
        _services = Build();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task The_request_uses_gpt4frees_field_names_and_every_number_is_an_integer()
    {
        var response = await _services.Client().GenerateImageAsync(new ImageRequest("a cat")
        {
            Width = 64,
            Height = 48,
            Seed = 42,
            Steps = 20,
            GuidanceScale = 4.0,
            NegativePrompt = "blurry",
        });

        var body = Posts().Single().BodyText;
        Assert.That(body, Is.EqualTo("""{"model":"flux","prompt":"a cat","n":1,"width":64,"height":48,"seed":42,"guidance_scale":4,"num_inference_steps":20,"negative_prompt":"blurry"}"""));
        Assert.That(Png.Size((await response.Images.Single().ReadAllBytesAsync()).Span), Is.EqualTo((64, 48)), "gpt4free rendered the size it was given");
    }

    [Test]
    public async Task An_aspect_ratio_is_sent_as_aspect_ratio_and_gpt4free_fills_the_missing_dimension()
    {
        var response = await _services.Client().GenerateImageAsync(new ImageRequest("a cat") { Width = 32, AspectRatio = "1:2" });

        var body = JsonNode.Parse(Posts().Single().BodyText)!.AsObject();
        Assert.That(body.Select(p => p.Key), Is.EqualTo(new[] { "model", "prompt", "n", "width", "aspect_ratio" }), "no size, no height of our own");
        Assert.That(body["aspect_ratio"]!.GetValue<string>(), Is.EqualTo("1:2"));
        Assert.That(Png.Size((await response.Images.Single().ReadAllBytesAsync()).Span), Is.EqualTo((32, 1024)));
    }

    [Test]
    public async Task Count_images_are_Count_calls_of_one_image_each_with_consecutive_seeds()
    {
        var events = new List<ImageEvent>();
        await foreach (var e in _services.Client().GenerateAsync(new ImageRequest("a cat") { Count = 3, Seed = 7, Width = 16, Height = 16 }))
        {
            events.Add(e);
        }

        var bodies = Posts().Select(r => JsonNode.Parse(r.BodyText)!).ToList();
        Assert.That(bodies.Select(b => b["n"]!.GetValue<int>()), Is.EqualTo(new[] { 1, 1, 1 }));
        Assert.That(bodies.Select(b => b["seed"]!.GetValue<long>()), Is.EqualTo(new long[] { 7, 8, 9 }), "one seed each, or the three images would be the same");

        var response = events.OfType<ImageResponse>().Single();
        Assert.That(response.Images, Has.Count.EqualTo(3));
        var pictures = await Task.WhenAll(response.Images.Select(async i => Convert.ToBase64String((await i.ReadAllBytesAsync()).Span)));
        Assert.That(pictures.Distinct().Count(), Is.EqualTo(3));
        Assert.That(events.OfType<Reasoning>().Select(r => r.Status), Is.EqualTo(new[]
        {
            $"Requested image 1 of 3 from {_server.BaseAddress.Host}",
            $"Requested image 2 of 3 from {_server.BaseAddress.Host}",
            $"Requested image 3 of 3 from {_server.BaseAddress.Host}",
        }));
    }

    [Test]
    public async Task Without_a_seed_no_call_sends_one()
    {
        await _services.Client().GenerateImageAsync(new ImageRequest("a cat") { Count = 2, Width = 16, Height = 16 });

        Assert.That(Posts().Select(r => JsonNode.Parse(r.BodyText)!.AsObject().ContainsKey("seed")), Is.EqualTo(new[] { false, false }));
    }

    [Test]
    public async Task A_fractional_guidance_scale_is_left_out_and_logged_once_per_request()
    {
        await _services.Client().GenerateImageAsync(new ImageRequest("a cat") { Count = 3, GuidanceScale = 3.5, Width = 16, Height = 16 });

        Assert.That(Posts().Select(r => JsonNode.Parse(r.BodyText)!.AsObject().ContainsKey("guidance_scale")), Is.EqualTo(new[] { false, false, false }));
        var logged = _services.Logs().Where(l => l.Message.Contains("guidance scale", StringComparison.Ordinal)).ToList();
        Assert.That(logged, Has.Count.EqualTo(1));
        Assert.That(logged[0].Level, Is.EqualTo(LogLevel.Information));
        Assert.That(logged[0].Message, Does.Contain("3.5").And.Contain("OpenAI"));
    }

    [Test]
    public async Task A_whole_guidance_scale_is_sent_as_an_integer_without_a_log()
    {
        await _services.Client().GenerateImageAsync(new ImageRequest("a cat") { GuidanceScale = 7, Width = 16, Height = 16 });

        var guidance = JsonDocument.Parse(Posts().Single().BodyText).RootElement.GetProperty("guidance_scale");
        Assert.That(guidance.GetRawText(), Is.EqualTo("7"));
        Assert.That(_services.Logs().Where(l => l.Message.Contains("guidance scale", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task The_server_key_goes_in_g4f_api_key_and_no_Authorization_header_is_sent()
    {
        await using var keyed = await OpenAIImagesEmulator.StartGpt4FreeAsync(apiKey: "g4f-server-key");
        await using var services = Build(o =>
        {
            o.Endpoint = keyed.BaseAddress;
            o.ApiKey = "g4f-server-key";
        });

        var response = await services.Client().GenerateImageAsync(new ImageRequest("a cat") { Width = 16, Height = 16 });
        await response.Images.Single().ReadAllBytesAsync();

        Assert.That(keyed.Requests.Select(r => r.Header("Authorization")), Has.All.Null, "neither the call nor the download");
        Assert.That(keyed.Requests.Single(r => r.Method == "POST").Header("g4f-api-key"), Is.EqualTo("g4f-server-key"));
        Assert.That(keyed.ForwardedProviderCredentials, Is.Empty, "gpt4free had nothing to hand its providers");
    }

    [Test]
    public async Task A_Bearer_sent_in_the_openai_dialect_is_what_gpt4free_would_hand_its_providers()
    {
        // Why the dialect exists: against a key-less gpt4free server, OpenAI's Bearer becomes the upstream's credential.
        await using var services = Build(o =>
        {
            o.Endpoint = _server.BaseAddress;
            o.Dialect = OpenAIDialect.OpenAI;
            o.ApiKey = "sk-mine";
        });

        await services.Client().GenerateImageAsync(new ImageRequest("a cat") { Model = "dall-e-3" });

        Assert.That(_server.ForwardedProviderCredentials, Is.EqualTo(new[] { "sk-mine" }));
    }

    [Test]
    public async Task Without_a_key_neither_header_is_sent()
    {
        await _services.Client().GenerateImageAsync(new ImageRequest("a cat") { Width = 16, Height = 16 });

        var post = Posts().Single();
        Assert.That((post.Header("Authorization"), post.Header("g4f-api-key")), Is.EqualTo(((string?)null, (string?)null)));
    }

    [TestCase(null, 401)]
    [TestCase("not-the-key", 403)]
    public async Task A_missing_or_wrong_server_key_is_Unauthorized(string? key, int status)
    {
        await using var keyed = await OpenAIImagesEmulator.StartGpt4FreeAsync(apiKey: "g4f-server-key");
        await using var services = Build(o =>
        {
            o.Endpoint = keyed.BaseAddress;
            o.ApiKey = key;
        });

        var error = Assert.ThrowsAsync<FluxImagingException>(() => services.Client().GenerateImageAsync(new ImageRequest("a cat")));

        Assert.That((error!.Kind, error.Status), Is.EqualTo((FluxImagingErrorKind.Unauthorized, (int?)status)));
        Assert.That(error.Message, Does.Contain("G4F API key"));
    }

    [Test]
    public async Task Extras_add_fields_but_never_repeat_one_the_request_set()
    {
        await _services.Client().GenerateImageAsync(new ImageRequest("a cat")
        {
            Seed = 5,
            Width = 16,
            Height = 16,
            AdditionalProperties = new Dictionary<string, object?> { ["seed"] = 99, ["provider"] = "BlackForestLabs_Flux1Dev", ["n"] = 4 },
        });

        var body = Posts().Single().BodyText;
        Assert.That(body, Is.EqualTo("""{"model":"flux","prompt":"a cat","n":1,"width":16,"height":16,"seed":5,"provider":"BlackForestLabs_Flux1Dev"}"""));
    }

    [Test]
    public async Task An_extra_that_gpt4free_rejects_is_an_InvalidRequest_naming_the_field()
    {
        var error = Assert.ThrowsAsync<FluxImagingException>(() => _services.Client().GenerateImageAsync(new ImageRequest("a cat")
        {
            AdditionalProperties = new Dictionary<string, object?> { ["width"] = 12.5, ["height"] = "tall" },
        }));

        Assert.That((error!.Kind, error.Status), Is.EqualTo((FluxImagingErrorKind.InvalidRequest, (int?)422)));
        Assert.That(error.Message, Does.Contain("width: Input should be a valid integer, got a number with a fractional part"));
        Assert.That(error.Message, Does.Contain("height: Input should be a valid integer, unable to parse string as an integer"));
    }

    [Test]
    public async Task Previews_leaked_by_old_gpt4free_servers_are_dropped_from_every_call()
    {
        _server.LeakedPreviews = 2;

        var response = await _services.Client().GenerateImageAsync(new ImageRequest("a cat") { Count = 2, Width = 40, Height = 40 });

        var sizes = await Task.WhenAll(response.Images.Select(async i => Png.Size((await i.ReadAllBytesAsync()).Span)));
        Assert.That(sizes, Is.EqualTo(new[] { (40, 40), (40, 40) }), "the final images, not 16x16 previews");
    }

    [Test]
    public void Without_configured_models_the_provider_serves_gpt4frees_flux()
    {
        Assert.That(_services.Client().Providers.Single().Models.Ids, Is.EqualTo(new[] { "flux" }));
        Assert.That(_services.Client().Providers.Single().Label, Does.StartWith("gpt4free images"));
    }

    private List<RecordedRequest> Posts() => _server.Requests.Where(r => r.Method == "POST" && r.Path == "/v1/images/generations").ToList();

    private ServiceProvider Build(Action<OpenAICompatibleOptions>? configure = null) => OpenAIHost.Build(o =>
    {
        o.Endpoint = _server.BaseAddress;
        o.Dialect = OpenAIDialect.G4F;
        configure?.Invoke(o);
    });
}

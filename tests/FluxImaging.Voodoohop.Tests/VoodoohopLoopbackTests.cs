using System.Text.Json.Nodes;
using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Voodoohop.Tests;

/// <summary>FLUX.1-schnell end to end: DI, the client, real loopback sockets, the emulated Space in both layouts.</summary>
[TestFixture(GradioLayout.Gradio4)]
[TestFixture(GradioLayout.Gradio5)]
public sealed class VoodoohopLoopbackTests(GradioLayout layout)
{
    private FluxSchnellSpace _space = null!;
    private ServiceProvider _services = null!;
    private FluxImagingClient _client = null!;

    private string Prefix => layout == GradioLayout.Gradio5 ? "/gradio_api" : "";

    [SetUp]
    public async Task SetUp()
    {
        _space = await FluxSchnellSpace.StartAsync(layout);
        _space.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        _services = Build();
        _client = _services.GetRequiredService<FluxImagingClient>();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _space.DisposeAsync();
    }

    [Test]
    public async Task Flux_schnell_generates_a_png_through_the_client()
    {
        var events = await Collect(new ImageRequest("a lighthouse at dawn") { Model = "flux-schnell" });

        Assert.That(events.Select(e => e.GetType().Name), Is.EqualTo(new[] { nameof(Reasoning), nameof(ImageResponse) }));
        var final = (ImageResponse)events[^1];
        Assert.That(final.Provider, Is.EqualTo("Voodoohop"));
        Assert.That(final.Model, Is.EqualTo("voodoohop-flux-1-schnell"));
        Assert.That(final.Seed, Is.Not.Null);
        Assert.That(final.Images.Single().Uri!.AbsoluteUri, Does.StartWith($"{_space.BaseAddress.AbsoluteUri.TrimEnd('/')}{Prefix}/file=/tmp/gradio/"));
        var bytes = (await final.Images[0].ReadAllBytesAsync()).ToArray();
        Assert.That(bytes.AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public async Task The_request_is_positional_in_the_Spaces_order_with_its_defaults()
    {
        await _client.GenerateImageAsync("a cat", "flux-schnell");

        var submit = _space.Requests.Single(r => r.Method == "POST");
        Assert.That(submit.Path, Is.EqualTo($"{Prefix}/call/infer"));
        Assert.That(JsonNode.Parse(submit.BodyText)!.ToJsonString(), Is.EqualTo("""{"data":["a cat",0,true,768,768,2]}"""));
        Assert.That(_space.Requests.Select(r => $"{r.Method} {r.Path}"), Has.Some.StartsWith($"GET {Prefix}/call/infer/"));
    }

    [Test]
    public async Task A_seed_turns_randomisation_off_sizes_round_down_to_8_and_clamp_to_the_slider_range()
    {
        var response = await _client.GenerateImageAsync(new ImageRequest("a cat") { Model = "flux-schnell", Seed = 42, Width = 1023, Height = 20, Steps = 4 });

        var body = JsonNode.Parse(_space.Requests.Single(r => r.Method == "POST").BodyText)!;
        Assert.That(body.ToJsonString(), Is.EqualTo("""{"data":["a cat",42,false,1016,256,4]}"""));
        Assert.That(response.Seed, Is.EqualTo(42));
    }

    [Test]
    public async Task Sizes_beyond_the_advertised_maximum_are_clamped_not_sent()
    {
        await _client.GenerateImageAsync(new ImageRequest("a cat") { Model = "flux-schnell", AspectRatio = "16:9", Width = 4096 });

        var data = JsonNode.Parse(_space.Requests.Single(r => r.Method == "POST").BodyText)!["data"]!.AsArray();
        Assert.That(((int)data[3]!, (int)data[4]!), Is.EqualTo((2048, 576)));
    }

    [Test]
    public async Task The_images_save_as_png_files()
    {
        var directory = Directory.CreateTempSubdirectory("fluximaging-schnell-").FullName;
        try
        {
            var response = await _client.GenerateImageAsync(new ImageRequest("a red fox") { Model = "flux-schnell", Width = 256, Height = 256 });
            var path = await response.Images[0].SaveAsync(directory);

            Assert.That(Path.GetExtension(path), Is.EqualTo(".png"));
            Assert.That(new FileInfo(path).Length, Is.GreaterThan(100));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void A_hidden_error_is_an_upstream_error_that_says_why_there_are_no_details()
    {
        _space.FailNext(SpaceFault.HiddenError);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
        Assert.That(error.Message, Does.Contain("does not expose details"));
        Assert.That(error.Provider, Is.EqualTo("Voodoohop"));
    }

    [Test]
    public void A_busy_Space_is_retried_then_reported_unavailable()
    {
        _space.Host.Faults.Add("POST", "/call/infer", Fault.Status(503, """{"detail":"Queue is stopped."}"""), times: int.MaxValue);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Status, Is.EqualTo(503));
        Assert.That(error.Message, Does.Contain("Queue is stopped"));
        Assert.That(_space.Requests.Count(r => r.Method == "POST"), Is.EqualTo(3));
    }

    [Test]
    public void A_429_with_Retry_After_is_rate_limited_and_carries_the_wait()
    {
        _space.Host.Faults.Add("POST", "/call/infer", Fault.Status(429, """{"error":"Too Many Requests"}""", headers: new Dictionary<string, string> { ["Retry-After"] = "3600" }));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.RateLimited));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [Test]
    public void An_HTML_502_page_becomes_a_readable_upstream_error()
    {
        _space.Host.Faults.Add(
            "POST",
            "/call/infer",
            Fault.Status(502, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>", "text/html"),
            times: int.MaxValue);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamError));
        Assert.That(error.Status, Is.EqualTo(502));
        Assert.That(error.Message, Does.Contain("502 Bad Gateway").And.Not.Contain("<"));
    }

    [Test]
    public void A_stream_that_ends_early_is_a_protocol_violation_without_re_reading()
    {
        _space.FailNext(SpaceFault.EndsEarly);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(_space.Requests.Count(r => r.Method == "GET" && r.Path.Contains("/call/infer/", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_stream_of_only_heartbeats_ends_at_the_generation_deadline()
    {
        await _services.DisposeAsync();
        _services = Build(o => o.Timeouts.Generation = TimeSpan.FromSeconds(2));
        _space.FailNext(SpaceFault.Stalls);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _services.GetRequiredService<FluxImagingClient>().GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Timeout));
        Assert.That(error.Message, Does.Contain("deadline"));
    }

    [Test]
    public void A_silent_stream_ends_at_the_idle_timeout()
    {
        _space.FailNext(SpaceFault.Silent);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Timeout));
        Assert.That(error.Message, Does.Contain("idle"));
    }

    [Test]
    public void An_unknown_event_id_is_reported_as_not_found()
    {
        _space.FailNext(SpaceFault.UnknownEventId);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => _client.GenerateImageAsync("a cat", "flux-schnell"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.NotFound));
        Assert.That(error.Message, Does.Contain("404"));
    }

    [Test]
    public async Task Cancelling_mid_stream_closes_the_connection()
    {
        _space.RunDelay = TimeSpan.FromMinutes(1);
        using var cancellation = new CancellationTokenSource();
        var events = _client.GenerateAsync(new ImageRequest("a cat") { Model = "flux-schnell" }, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.That(await events.MoveNextAsync(), Is.True);
        var next = events.MoveNextAsync().AsTask();
        await _space.Host.WaitForRequestAsync(r => r.Method == "GET" && r.Path.Contains("/call/infer/", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));

        await cancellation.CancelAsync();

        Assert.That(async () => await next, Throws.InstanceOf<OperationCanceledException>());
        await events.DisposeAsync();
        await WaitUntil(() => _space.OpenStreams == 0);
        Assert.That(_space.OpenStreams, Is.Zero);
    }

    [Test]
    public async Task Without_config_the_configured_layout_is_tried_then_the_other_one_once()
    {
        _space.Host.Faults.Add("GET", "/config", Fault.Status(404, """{"detail":"Not Found"}"""), times: int.MaxValue);
        await _services.DisposeAsync();
        _services = Build(apiPrefix: layout == GradioLayout.Gradio5 ? "" : "/gradio_api");

        var response = await _services.GetRequiredService<FluxImagingClient>().GenerateImageAsync("a cat", "flux-schnell");

        Assert.That(response.Images, Has.Count.EqualTo(1));
        var submits = _space.Requests.Where(r => r.Method == "POST").Select(r => r.Path).ToArray();
        Assert.That(submits, Is.EqualTo(new[] { (layout == GradioLayout.Gradio5 ? "" : "/gradio_api") + "/call/infer", $"{Prefix}/call/infer" }));
    }

    private ServiceProvider Build(Action<FluxImagingOptions>? configure = null, string? apiPrefix = null)
    {
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                o.Timeouts.Attempt = TimeSpan.FromSeconds(5);
                o.Timeouts.Idle = TimeSpan.FromSeconds(1);
                o.Timeouts.Generation = TimeSpan.FromSeconds(30);
                configure?.Invoke(o);
            })
            .AddVoodoohop(o =>
            {
                o.Endpoint = _space.BaseAddress;
                if (apiPrefix is not null)
                {
                    o.ApiPrefix = apiPrefix;
                }
            });
        return services.BuildServiceProvider();
    }

    private async Task<List<ImageEvent>> Collect(ImageRequest request)
    {
        var list = new List<ImageEvent>();
        await foreach (var imageEvent in _client.GenerateAsync(request))
        {
            list.Add(imageEvent);
        }

        return list;
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
    }
}

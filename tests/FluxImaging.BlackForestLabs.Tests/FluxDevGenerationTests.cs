using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.BlackForestLabs.Tests;

[TestFixture]
public sealed partial class FluxDevGenerationTests : FluxDevFixture
{
    [Test]
    public async Task A_consumer_sees_queue_position_every_step_previews_and_exactly_one_final_image()
    {
        Space.QueueAhead = 2;

        var events = await CollectAsync(new ImageRequest("a lighthouse at dawn") { Model = "flux-dev" });

        var reasoning = events.OfType<Reasoning>().ToList();
        Assert.That(reasoning.Where(r => r.QueuePosition is not null).Select(r => r.QueuePosition), Is.EqualTo(new int?[] { 3, 2, 1 }));
        Assert.That(reasoning.Single(r => r.Label == "queued" && r.QueuePosition == 3).Status, Is.EqualTo("Queued: position 3 of 3, ETA 20s"));
        Assert.That(reasoning, Has.Some.Matches<Reasoning>(r => r.Status == "Started, ETA 21.7s"));
        Assert.That(reasoning.Where(r => r.Label == "log").Select(r => (r.Status, r.Level)), Is.EqualTo(new[]
        {
            ("Waiting for a GPU to become available", "info"),
            ("Successfully acquired a GPU", "success"),
        }));
        Assert.That(reasoning.Where(r => r.Step is not null).Select(r => r.Step), Is.EqualTo(Enumerable.Range(1, 28).Cast<int?>()));
        Assert.That(reasoning.Single(r => r.Step == 5).Status, Is.EqualTo("Step 5/28"));
        Assert.That(reasoning.Single(r => r.Step == 7).Fraction, Is.EqualTo(0.25));

        var previews = events.OfType<ImagePreview>().ToList();
        Assert.That(previews.Select(p => p.Step), Is.EqualTo(new int?[] { 4, 8, 12, 16, 20, 24 }));
        Assert.That(previews.Select(p => p.Images.Single().Uri).Distinct().Count(), Is.EqualTo(6), "each diff-applied preview is a new file");

        var final = events.OfType<ImageResponse>().Single();
        Assert.That(events[^1], Is.SameAs(final));
        Assert.That(previews.Select(p => p.Images[0].Uri), Has.None.EqualTo(final.Images.Single().Uri), "previews are never the final image");
        Assert.That(final.Model, Is.EqualTo("black-forest-labs-flux-1-dev"));
        Assert.That(final.Seed, Is.Not.Null);
        var png = (await final.Images[0].ReadAllBytesAsync()).ToArray();
        Assert.That(png.AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
    }

    [Test]
    public async Task The_join_carries_the_discovered_function_and_the_Spaces_defaults()
    {
        await Client.GenerateImageAsync("a cat", "flux-dev");

        var join = Space.Requests.Single(r => r.Path == "/gradio_api/queue/join");
        var body = JsonNode.Parse(join.BodyText)!.AsObject();
        Assert.That(body["data"]!.ToJsonString(), Is.EqualTo("""["a cat",0,true,1024,1024,3.5,28]"""));
        Assert.That(((int)body["fn_index"]!, (int)body["trigger_id"]!), Is.EqualTo((2, 4)));
        Assert.That(body["event_data"], Is.Null);
        Assert.That((string)body["session_hash"]!, Does.Match("^[0-9a-f]{32}$"));
        var data = Space.Requests.Single(r => r.Path == "/gradio_api/queue/data");
        Assert.That(data.Query, Is.EqualTo($"?session_hash={(string)body["session_hash"]!}"));
    }

    [Test]
    public async Task Each_generation_uses_a_fresh_session()
    {
        await Client.GenerateImageAsync("a cat", "flux-dev");
        await Client.GenerateImageAsync("a cat", "flux-dev");

        var sessions = Space.Requests.Where(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)).Select(r => (string)JsonNode.Parse(r.BodyText)!["session_hash"]!).ToList();
        Assert.That(sessions.Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_seed_turns_randomisation_off_guidance_stays_decimal_and_sizes_are_clamped()
    {
        var response = await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "flux-dev", Seed = 1234, GuidanceScale = 20.5, AspectRatio = "16:9", Steps = 60 });

        var data = JsonNode.Parse(Space.Requests.Single(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)).BodyText)!["data"]!;
        Assert.That(data.ToJsonString(), Is.EqualTo("""["a cat",1234,false,1024,576,15,50]"""));
        Assert.That(response.Seed, Is.EqualTo(1234));

        Space.Host.ClearRequests();
        await Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "flux-dev", GuidanceScale = 4.25, Steps = 4 });
        var decimalGuidance = JsonNode.Parse(Space.Requests.Single(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)).BodyText)!["data"]![5]!;
        Assert.That(decimalGuidance.GetValue<double>(), Is.EqualTo(4.25));
    }

    [Test]
    public void A_seed_outside_the_Spaces_range_is_an_invalid_request() =>
        Assert.That(
            Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "flux-dev", Seed = 1L << 40 }))!.Kind,
            Is.EqualTo(FluxImagingErrorKind.InvalidRequest));

    [Test]
    public async Task Without_config_the_reference_fn_index_and_trigger_are_used()
    {
        Space.Host.Faults.Add("GET", "/config", Fault.Status(500, "Internal Server Error", "text/plain"), times: int.MaxValue);

        await Client.GenerateImageAsync("a cat", "flux-dev");

        var body = JsonNode.Parse(Space.Requests.Single(r => r.Path == "/gradio_api/queue/join").BodyText)!;
        Assert.That(((int)body["fn_index"]!, (int)body["trigger_id"]!), Is.EqualTo((2, 4)));
    }

    [Test]
    public async Task Messages_of_another_event_in_the_stream_are_ignored()
    {
        Space.FailNext(SpaceFault.ForeignEvents);

        var events = await CollectAsync(new ImageRequest("a cat") { Model = "flux-dev" });

        Assert.That(events.OfType<ImageResponse>().Count(), Is.EqualTo(1));
        Assert.That(events.OfType<Reasoning>().Where(r => r.QueuePosition is not null).Select(r => r.QueuePosition), Is.EqualTo(new int?[] { 1 }));
    }

    [Test]
    public async Task A_malformed_preview_is_skipped_and_the_final_image_still_arrives()
    {
        Space.FailNext(SpaceFault.MalformedDiff);

        var events = await CollectAsync(new ImageRequest("a cat") { Model = "flux-dev" });

        Assert.That(events.OfType<ImagePreview>().Count(), Is.EqualTo(1), "the first (full) preview, then none after the bad diff");
        Assert.That(events.OfType<ImageResponse>().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Flux_falls_back_from_an_unavailable_schnell_Space_to_dev()
    {
        await using var schnell = await FluxSchnellSpace.StartAsync();
        schnell.Host.Faults.Add("POST", "/call/infer", Fault.Status(503, """{"detail":"Queue is stopped."}"""), times: int.MaxValue);
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                o.Routing["flux"] = ["Voodoohop", "BlackForestLabs"];
            })
            .AddVoodoohop(o => o.Endpoint = schnell.BaseAddress)
            .AddBlackForestLabs(o => o.Endpoint = Space.BaseAddress);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<FluxImagingClient>();

        var events = new List<ImageEvent>();
        await foreach (var imageEvent in client.GenerateAsync(new ImageRequest("a cat") { Model = "flux" }))
        {
            events.Add(imageEvent);
        }

        Assert.That(schnell.Requests.Count(r => r.Method == "POST"), Is.EqualTo(3), "schnell was tried (with retries) first");
        Assert.That(events.OfType<ImageResponse>().Single().Provider, Is.EqualTo("BlackForestLabs"));
    }

    [Test]
    public async Task Cancelling_sends_Gradios_cancel_and_closes_the_stream()
    {
        Space.StepDelay = TimeSpan.FromMilliseconds(200);
        using var cancellation = new CancellationTokenSource();
        var events = Client.GenerateAsync(new ImageRequest("a cat") { Model = "flux-dev" }, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        while (await events.MoveNextAsync() && events.Current is not Reasoning { Step: not null })
        {
        }

        await cancellation.CancelAsync();
        Assert.That(async () => await events.MoveNextAsync(), Throws.InstanceOf<OperationCanceledException>());
        await events.DisposeAsync();

        var cancel = await Space.Host.WaitForRequestAsync(r => r.Path == "/gradio_api/cancel").WaitAsync(TimeSpan.FromSeconds(10));
        var join = JsonNode.Parse(Space.Requests.Single(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)).BodyText)!;
        var body = JsonNode.Parse(cancel.BodyText)!;
        Assert.That((string)body["session_hash"]!, Is.EqualTo((string)join["session_hash"]!));
        Assert.That((int)body["fn_index"]!, Is.EqualTo(2));
        Assert.That(EventIdRegex().IsMatch((string)body["event_id"]!), Is.True);
        for (var i = 0; i < 200 && Space.OpenStreams > 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.That(Space.OpenStreams, Is.Zero);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex EventIdRegex();
}

[TestFixture]
public sealed class FluxDevDiscoveryTests : FluxDevFixture
{
    protected override int InferFnIndex => 7;

    [Test]
    public async Task A_renumbered_infer_function_is_found_by_its_api_name()
    {
        await Client.GenerateImageAsync("a cat", "flux-dev");

        var body = JsonNode.Parse(Space.Requests.Single(r => r.Path == "/gradio_api/queue/join").BodyText)!;
        Assert.That(((int)body["fn_index"]!, (int)body["trigger_id"]!), Is.EqualTo((7, 4)));
    }
}

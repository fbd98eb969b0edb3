using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Gradio.Tests.Spaces;

/// <summary>zerogpu.md §6: the Space's runtime stage, read from the Hugging Face API, before the first job.</summary>
[TestFixture]
public sealed class RuntimeTests
{
    private StableDiffusion35LargeSpace _space = null!;
    private HuggingFaceHub _hub = null!;
    private HubSpace _entry = null!;

    [SetUp]
    public async Task SetUp()
    {
        _space = await StableDiffusion35LargeSpace.StartAsync();
        _space.FinalSize = 16;
        _hub = await HuggingFaceHub.StartAsync();
        _entry = _hub.AddSpace(_space);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _space.DisposeAsync();
        await _hub.DisposeAsync();
    }

    [Test]
    public async Task The_Space_id_alone_finds_the_app_through_the_Hugging_Face_API()
    {
        await using var harness = Harness();

        var response = await harness.Client.GenerateImageAsync("a cat", "sd3.5");

        Assert.That(response.Provider, Is.EqualTo("SD35Large"));
        Assert.That(_hub.Requests.Select(r => r.Path), Does.Contain($"/api/spaces/{StableDiffusion35LargeSpace.Id}/host"));
    }

    [Test]
    public async Task With_only_the_Space_id_and_a_token_the_token_reaches_the_resolved_Space_host()
    {
        await using var harness = Harness(o => o.HuggingFaceToken = "hf_user_secret");

        await harness.Client.GenerateImageAsync("a cat", "sd3.5");

        Assert.That(_space.Requests.Select(r => r.Header("X-HF-Authorization")), Has.All.EqualTo("Bearer hf_user_secret").And.Not.Empty);
        Assert.That(_hub.Requests.Select(r => r.Header("X-HF-Authorization")), Has.All.Null, "the Hugging Face API gets its own Authorization only");
    }

    [Test]
    public async Task A_hostile_host_answer_fails_one_generation_and_the_next_one_finds_the_Space()
    {
        _hub.Host.Faults.Add("GET", "/host", Fault.GzipBomb(prefix: "{\"host\":\""));
        await using var harness = Harness(o => o.Limits.JsonBytes = 64 * 1024);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));
        var response = await harness.Client.GenerateImageAsync("a cat", "sd3.5");

        Assert.That((error!.Kind, error.Provider), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, "SD35Large")));
        Assert.That(response.Provider, Is.EqualTo("SD35Large"));
    }

    [Test]
    public async Task A_sleeping_Space_is_woken_and_waited_for_with_a_status_line()
    {
        _entry.WakeAfterPolls(SpaceStage.Sleeping, polls: 3);
        await using var harness = Harness();

        var events = await harness.CollectAsync(new ImageRequest("a cat") { Model = "sd3.5" });

        Assert.That(events.OfType<Reasoning>().First().Status, Is.EqualTo("Space is asleep; waking it up"));
        Assert.That(events[^1], Is.InstanceOf<ImageResponse>());
        Assert.That(_entry.StagePolls, Is.GreaterThanOrEqualTo(3));
    }

    [TestCase(SpaceStage.Building)]
    [TestCase(SpaceStage.AppStarting)]
    [TestCase(SpaceStage.RunningAppStarting)]
    public async Task A_starting_Space_is_waited_for(SpaceStage stage)
    {
        _entry.WakeAfterPolls(stage, polls: 2);
        await using var harness = Harness();

        var events = await harness.CollectAsync(new ImageRequest("a cat") { Model = "sd3.5" });

        Assert.That(events.OfType<Reasoning>().First().Status, Does.StartWith("Space is starting"));
        Assert.That(events[^1], Is.InstanceOf<ImageResponse>());
    }

    [TestCase(SpaceStage.Paused, "paused")]
    [TestCase(SpaceStage.Stopped, "stopped")]
    [TestCase(SpaceStage.RuntimeError, "crashed")]
    [TestCase(SpaceStage.BuildError, "build failed")]
    [TestCase(SpaceStage.ConfigError, "configuration")]
    [TestCase(SpaceStage.NoAppFile, "no app file")]
    [TestCase(SpaceStage.Deleting, "deleted")]
    public async Task A_Space_that_cannot_run_fails_at_once_naming_its_stage(SpaceStage stage, string words)
    {
        _entry.Stage = stage;
        await using var harness = Harness();

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Message, Does.Contain(stage.WireName()).And.Contain(words));
        Assert.That(_space.Requests, Is.Empty);
    }

    [Test]
    public async Task A_Space_that_does_not_wake_in_time_is_unavailable()
    {
        _entry.Stage = SpaceStage.Sleeping;
        await using var harness = Harness(o => { o.WakeTimeout = TimeSpan.FromMilliseconds(300); o.WakePollInterval = TimeSpan.FromMilliseconds(50); });

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));

        Assert.That((error!.Kind, error.Message.Contains("did not start within", StringComparison.Ordinal)), Is.EqualTo((FluxImagingErrorKind.UpstreamUnavailable, true)));
    }

    [Test]
    public async Task A_private_Space_without_a_token_is_named_so()
    {
        _entry.Private = true;
        await using var harness = Harness();

        var error = Assert.ThrowsAsync<FluxImagingException>(() => harness.Client.GenerateImageAsync("a cat", "sd3.5"));

        Assert.That(error!.Message, Does.Contain("private").And.Contain("HuggingFaceToken"));
    }

    [Test]
    public async Task The_stage_is_read_once_per_process_not_per_job()
    {
        await using var harness = Harness();

        await harness.Client.GenerateImageAsync("a cat", "sd3.5");
        await harness.Client.GenerateImageAsync("a dog", "sd3.5");

        Assert.That(_entry.StagePolls, Is.EqualTo(1));
    }

    // The Space by its id alone, as on Hugging Face: the hub says where it runs and what stage it is in.
    private SpaceHarness Harness(Action<GradioSpaceOptions>? configure = null) => SpaceHarness.Start(b => b.AddGradioSpace("SD35Large", o =>
    {
        o.HuggingFaceEndpoint = _hub.BaseAddress;
        o.WakePollInterval = TimeSpan.FromMilliseconds(20);
        configure?.Invoke(o);
    }));

    [Test]
    public async Task A_mirror_or_emulator_endpoint_is_not_judged_by_the_Hugging_Face_Spaces_stage()
    {
        _entry.Stage = SpaceStage.Paused;
        await using var harness = Harness(o => o.Endpoint = _space.BaseAddress);

        var response = await harness.Client.GenerateImageAsync("a cat", "sd3.5");

        Assert.That((response.Provider, _entry.StagePolls), Is.EqualTo(("SD35Large", 0)));
    }
}

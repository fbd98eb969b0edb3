using FluxImaging.Testing;
using FluxImaging.Testing.Gradio;
using FluxImaging.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Gradio.Tests.Hostile;

/// <summary>
/// Issue 11's hostile upstream, against a real Space provider over real sockets: every answer is bounded in decoded
/// bytes (gzip cannot multiply it), each overrun is a typed ProtocolViolation naming the limit, and the process's
/// allocations stay within a few times the limit however much the upstream sends.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostileUpstreamTests
{
    private const long EventLimit = 4L * 1024 * 1024;
    private const long JsonLimit = 64 * 1024;
    private const long ConfigLimit = 1024 * 1024;

    private FluxDevSpace _space = null!;
    private HuggingFaceHub _hub = null!;
    private RecordingHost _elsewhere = null!;
    private ServiceProvider _services = null!;

    private FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    [SetUp]
    public async Task SetUp()
    {
        _space = await FluxDevSpace.StartAsync();
        // The queued job never needs to run (every fault replaces the stream it would report on), and a running job
        // renders previews: megabytes of allocations that would blur what the client allocated.
        _space.StepDelay = TimeSpan.FromMinutes(1);
        _hub = await HuggingFaceHub.StartAsync();
        _elsewhere = await RecordingHost.StartAsync();
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Retry.MaxAttempts = 1;
                o.Timeouts.Idle = TimeSpan.FromSeconds(5);
                o.Timeouts.Generation = TimeSpan.FromSeconds(30);
                o.Limits.EventBytes = EventLimit;
                o.Limits.JsonBytes = JsonLimit;
            })
            .AddBlackForestLabs(o =>
            {
                o.Endpoint = _space.BaseAddress;
                o.HuggingFaceEndpoint = _hub.BaseAddress;
                o.MaxConfigBytes = ConfigLimit;
            });
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _space.DisposeAsync();
        await _hub.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    [Test]
    public async Task One_event_made_of_many_data_lines_is_cut_at_the_event_limit()
    {
        _space.Host.Faults.Add("GET", "/queue/data", Fault.ManyDataLines(lines: 300, lineBytes: 1 << 20, gzip: true));

        var error = await FailsWithin(4 * EventLimit + Allocations.FixedCost);

        Assert.That((error.Kind, error.Message.Contains("Limits:EventBytes", StringComparison.Ordinal)), Is.EqualTo((FluxImagingErrorKind.ProtocolViolation, true)), error.Message);
    }

    [Test]
    public async Task A_gzip_bomb_of_one_endless_line_on_the_stream_is_cut_at_the_event_limit()
    {
        _space.Host.Faults.Add("GET", "/queue/data", Fault.GzipBomb(1L << 30, "text/event-stream", prefix: "data: ", repeated: "a", suffix: "\n\n"));

        // The SSE parser doubles its line buffer, so a line cut at N bytes has cost N + 2N + N/2 + ... before the cut.
        var error = await FailsWithin(5 * EventLimit + Allocations.FixedCost);

        Assert.That(error.Message, Does.Contain("Limits:EventBytes"));
    }

    [TestCase("\n")]
    [TestCase("\r\n")]
    [TestCase("\r")]
    public async Task A_flood_of_blank_lines_ends_at_the_event_limit_not_after_a_gibibyte(string lineEnding)
    {
        _space.Host.Faults.Add("GET", "/queue/data", Fault.BlankLines(1L << 30, lineEnding, gzip: true));

        var error = await FailsWithin(4 * EventLimit + Allocations.FixedCost);

        Assert.That(error.Message, Does.Contain("Limits:EventBytes"));
    }

    [Test]
    public async Task A_flood_of_comment_lines_ends_at_the_event_limit()
    {
        _space.Host.Faults.Add("GET", "/queue/data", Fault.CommentLines(1L << 20, commentBytes: 64, gzip: true));

        var error = await FailsWithin(4 * EventLimit + Allocations.FixedCost);

        Assert.That(error.Message, Does.Contain("Limits:EventBytes"));
    }

    [Test]
    public async Task A_gzip_bomb_as_config_is_cut_at_MaxConfigBytes()
    {
        _space.Host.Faults.Add("GET", "/config", Fault.GzipBomb(1L << 30, prefix: "{\"version\":\"", repeated: "5", suffix: "\"}"));

        var error = await FailsWithin(4 * ConfigLimit + Allocations.FixedCost);

        Assert.That(error.Message, Does.Contain("MaxConfigBytes"));
    }

    [Test]
    public async Task A_gzip_bomb_as_the_join_answer_is_cut_at_the_JSON_limit()
    {
        _space.Host.Faults.Add("POST", "/queue/join", Fault.GzipBomb(1L << 30));

        var error = await FailsWithin(4 * JsonLimit + Allocations.FixedCost);

        Assert.That(error.Message, Does.Contain("Limits:JsonBytes").And.Contain("queue/join"));
    }

    [Test]
    public async Task A_gzip_bomb_as_the_ZeroGPU_token_answer_is_cut_at_the_JSON_limit()
    {
        _services.Dispose();
        var services = new ServiceCollection();
        services.AddFluxImaging().Configure(o => { o.Retry.MaxAttempts = 1; o.Limits.JsonBytes = JsonLimit; })
            .AddBlackForestLabs(o => { o.Endpoint = _space.BaseAddress; o.HuggingFaceEndpoint = _hub.BaseAddress; o.HuggingFaceToken = "hf_user"; });
        _services = services.BuildServiceProvider();
        _hub.Host.Faults.Add("GET", "/jwt", Fault.GzipBomb(1L << 30, prefix: "{\"token\":\""));

        var error = await FailsWithin(4 * JsonLimit + Allocations.FixedCost);

        Assert.That(error.Message, Does.Contain("Limits:JsonBytes").And.Contain("jwt"));
    }

    [Test]
    public async Task A_Content_Length_over_the_limit_is_refused_before_the_body_is_read()
    {
        _space.Host.Faults.Add("GET", "/config", Fault.LyingContentLength(10L * 1024 * 1024 * 1024, "{\"version\""));

        var error = await FailsWithin(Allocations.FixedCost);

        Assert.That(error.Message, Does.Contain("MaxConfigBytes"));
    }

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task A_join_redirected_to_another_host_is_refused_and_that_host_receives_nothing(int status)
    {
        _space.Host.Faults.Add("POST", "/queue/join", Fault.Redirect(status, _elsewhere.BaseAddress));

        var error = await FailsWithin(Allocations.FixedCost);

        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(error.Message, Does.Contain(_elsewhere.BaseAddress.Authority));
        Assert.That(_elsewhere.Requests, Is.Empty, "no x-zerogpu-token (nor anything else) was sent there");
    }

    [Test]
    public async Task A_stream_that_drips_comments_for_ever_ends_at_the_generation_deadline()
    {
        _services.Dispose();
        var services = new ServiceCollection();
        services.AddFluxImaging().Configure(o => { o.Retry.MaxAttempts = 1; o.Timeouts.Generation = TimeSpan.FromSeconds(1); })
            .AddBlackForestLabs(o =>
            {
                o.Endpoint = _space.BaseAddress;
                o.HuggingFaceEndpoint = _hub.BaseAddress;
            });
        _services = services.BuildServiceProvider();
        _space.Host.Faults.Add("GET", "/queue/data", Fault.SlowDrip(TimeSpan.FromMilliseconds(20)));

        var error = await FailsWithin(Allocations.FixedCost);

        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.Timeout));
    }

    private async Task<FluxImagingException> FailsWithin(long bytes)
    {
        var (error, allocated) = await Allocations.FailureOfAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));
        Assert.That(allocated, Is.LessThan(bytes), $"allocated {Allocations.Describe(allocated)}, bound {Allocations.Describe(bytes)}");
        return error;
    }
}

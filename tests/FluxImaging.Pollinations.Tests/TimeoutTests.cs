using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Pollinations;
using FluxImaging.Tests.Shared;

namespace FluxImaging.Pollinations.Tests;

/// <summary>
/// The service sends no header while a request is queued: its per-attempt header timeout is 120 s, not the shared
/// 30 s. The clock here moves only when the test moves it, so the bounds are shown exactly without waiting for them.
/// </summary>
[TestFixture]
public sealed class TimeoutTests
{
    private const string Prompt = "a secret prompt about a queue";

    private PollinationsEmulator _service = null!;
    private FakeClock _clock = null!;
    private PollinationsHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _service = await PollinationsEmulator.StartAsync();
        _clock = new FakeClock();
        _host = PollinationsHost.Create(o => o.Endpoint = _service.BaseAddress, timeProvider: _clock);
        _service.FailNext(PollinationsFault.SilentWait);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Test]
    public async Task A_request_queued_for_119_seconds_still_gets_its_image()
    {
        var generation = _host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });
        await _service.WaitForGenerationAsync();

        _clock.Advance(TimeSpan.FromSeconds(119));
        _service.EndSilentWaits();

        var (events, error) = await generation;
        Assert.That(error, Is.Null);
        Assert.That(events.OfType<ImageResponse>().Single().Images, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_request_silent_past_120_seconds_is_a_timeout_whose_message_hides_the_prompt()
    {
        var generation = _host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });
        await _service.WaitForGenerationAsync();

        _clock.Advance(TimeSpan.FromSeconds(121));

        var (events, error) = await generation;
        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Timeout));
        Assert.That(error.Message, Does.Contain("/prompt/{prompt}").And.Not.Contain("secret"));
        Assert.That(events.OfType<ImageResponse>(), Is.Empty);
    }

    [Test]
    public async Task A_configured_attempt_timeout_replaces_the_default()
    {
        await _host.DisposeAsync();
        _host = PollinationsHost.Create(
            o => o.Endpoint = _service.BaseAddress,
            configuration: new Dictionary<string, string?> { ["FluxImaging:Providers:Pollinations:Timeouts:Attempt"] = "00:00:05" },
            timeProvider: _clock);

        var generation = _host.RunAsync(new ImageRequest(Prompt) { Model = "pollinations", Width = 64, Height = 64, Seed = 1 });
        await _service.WaitForGenerationAsync();
        _clock.Advance(TimeSpan.FromSeconds(6));

        var (_, error) = await generation;
        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Timeout));
    }
}

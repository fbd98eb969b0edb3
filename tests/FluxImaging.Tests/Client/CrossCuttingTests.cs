using System.Runtime.CompilerServices;
using FluxImaging.Tests.Shared;
using FluxImaging.Tests.Support;
using Microsoft.Extensions.Options;

namespace FluxImaging.Tests.Client;

/// <summary>
/// What the client does for every provider without the provider calling anything: a deadline, errors turned into
/// typed ones and fallback (its telemetry: Diagnostics/TelemetryTests).
/// </summary>
[TestFixture]
public sealed class CrossCuttingTests
{
    [Test]
    public async Task A_foreign_exception_before_any_image_falls_back_and_is_kept_as_a_typed_error()
    {
        var broken = new ThrowingProvider("Broken", new HttpRequestException("connection refused"));
        var healthy = new ScriptedProvider("Healthy", ScriptedProvider.Flux("healthy-1", "flux"), p => p.Final());
        var client = new FluxImagingClient([broken, healthy]);

        var response = await client.GenerateImageAsync("a cat", "flux");

        Assert.That(response.Provider, Is.EqualTo("Healthy"));
        Assert.That(healthy.Runs, Is.EqualTo(1));
    }

    [TestCase(typeof(HttpRequestException), FluxImagingErrorKind.UpstreamUnavailable)]
    [TestCase(typeof(InvalidOperationException), FluxImagingErrorKind.UpstreamError)]
    [TestCase(typeof(System.Text.Json.JsonException), FluxImagingErrorKind.ProtocolViolation)]
    [TestCase(typeof(IOException), FluxImagingErrorKind.UpstreamError)]
    public void Every_exception_a_provider_throws_becomes_a_FluxImagingException_with_a_kind(Type exceptionType, FluxImagingErrorKind kind)
    {
        var thrown = (Exception)Activator.CreateInstance(exceptionType, "boom")!;
        var first = new ThrowingProvider("First", thrown);
        var second = new ThrowingProvider("Second", new InvalidOperationException("also broken"));
        var client = new FluxImagingClient([first, second]);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync("a cat", "flux"));

        Assert.That(error!.ProviderErrors.Select(e => (e.Provider, e.Kind)), Is.EqualTo(new[] { ("First", kind), ("Second", FluxImagingErrorKind.UpstreamError) }));
        Assert.That(error.ProviderErrors[0].InnerException, Is.SameAs(thrown));
        Assert.That(error.ProviderErrors[0].Message, Does.Contain("boom"));
    }

    [Test]
    public async Task The_generation_deadline_holds_for_a_provider_that_enforces_none()
    {
        var time = new FakeClock();
        var hanging = new HangingProvider("Hanging");
        var options = Options.Create(new FluxImagingOptions { Timeouts = { Generation = TimeSpan.FromMinutes(3) } });
        var client = new FluxImagingClient([hanging], options, timeProvider: time);

        var generating = client.GenerateImageAsync("a cat", "flux");
        await time.WaitForTimerAsync(d => d == TimeSpan.FromMinutes(3));
        time.Advance(TimeSpan.FromMinutes(3));

        var error = Assert.ThrowsAsync<FluxImagingException>(() => generating.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.That((error!.Kind, error.Provider), Is.EqualTo((FluxImagingErrorKind.Timeout, "Hanging")));
        Assert.That(error.Message, Does.Contain("deadline"));
    }

    [Test]
    public void The_callers_cancellation_is_not_translated()
    {
        using var cancel = new CancellationTokenSource();
        var client = new FluxImagingClient([new HangingProvider("Hanging")]);

        var generating = client.GenerateImageAsync("a cat", "flux", cancel.Token);
        cancel.Cancel();

        Assert.That(async () => await generating, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_failure_after_the_first_image_is_typed_and_final()
    {
        var half = new ScriptedProvider("Half", ScriptedProvider.Flux("half-1", "flux"), p => p.Preview(), _ => throw new InvalidOperationException("died mid-way"));
        var spare = new ScriptedProvider("Spare", ScriptedProvider.Flux("spare-1", "flux"), p => p.Final());
        var client = new FluxImagingClient([half, spare]);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync("a cat", "flux"));

        Assert.That((error!.Kind, error.Provider), Is.EqualTo((FluxImagingErrorKind.UpstreamError, "Half")));
        Assert.That(spare.Runs, Is.Zero, "no fallback once an image was streamed");
    }

    private sealed class ThrowingProvider(string name, Exception exception) : IImageProvider
    {
        public string Name => name;

        public string Label => name;

        public ImageProviderModels Models { get; } = new($"{name.ToLowerInvariant()}-1", aliases: ["flux"]);

        public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new Reasoning(Name, Models.DefaultModel, "Submitted");
            throw exception;
        }
    }

    private sealed class HangingProvider(string name) : IImageProvider
    {
        public string Name => name;

        public string Label => name;

        public ImageProviderModels Models { get; } = new($"{name.ToLowerInvariant()}-1", aliases: ["flux"]);

        public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}

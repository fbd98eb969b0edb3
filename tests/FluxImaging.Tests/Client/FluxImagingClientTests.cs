using FluxImaging.Tests.Support;
using Microsoft.Extensions.Options;

namespace FluxImaging.Tests.Client;

[TestFixture]
public sealed class FluxImagingClientTests
{
    [Test]
    public void A_shared_alias_tries_providers_by_the_priority_they_declared_not_by_registration_order()
    {
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", "flux-schnell", new ModelAlias("flux", 100)));
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", "flux-dev", new ModelAlias("flux", 300)));
        var client = new FluxImagingClient([schnell, dev]);

        Assert.That(client.ResolveProviders("flux").Select(p => p.Name), Is.EqualTo(new[] { "BlackForestLabs", "Voodoohop" }));
        Assert.That(client.ResolveProviders("flux-schnell").Select(p => p.Name), Is.EqualTo(new[] { "Voodoohop" }));
        Assert.That(client.ResolveProviders("FLUX-DEV").Select(p => p.Name), Is.EqualTo(new[] { "BlackForestLabs" }));
        Assert.That(client.ResolveProviders("black-forest-labs-flux-1-dev").Select(p => p.Name), Is.EqualTo(new[] { "BlackForestLabs" }));
    }

    [Test]
    public void The_routing_table_is_empty_until_providers_are_registered_and_knows_no_names()
    {
        Assert.That(new FluxImagingClient([]).Models, Is.Empty);

        // Names that mean nothing to the core route exactly as priorities say.
        var low = new ScriptedProvider("Zeta", ScriptedProvider.Flux("zeta-1", new ModelAlias("flux", -100)));
        var high = new ScriptedProvider("Alpha", ScriptedProvider.Flux("alpha-1", new ModelAlias("flux", 5)));
        var even = new ScriptedProvider("Mid", ScriptedProvider.Flux("mid-1", "flux"));
        var client = new FluxImagingClient([low, even, high]);

        Assert.That(client.ResolveProviders("flux").Select(p => p.Name), Is.EqualTo(new[] { "Alpha", "Mid", "Zeta" }));
    }

    [Test]
    public void Equal_priorities_keep_registration_order()
    {
        var first = new ScriptedProvider("First", ScriptedProvider.Flux("first-1", "shared"));
        var second = new ScriptedProvider("Second", ScriptedProvider.Flux("second-1", "shared"));

        Assert.That(new FluxImagingClient([second, first]).ResolveProviders("shared").Select(p => p.Name), Is.EqualTo(new[] { "Second", "First" }));
    }

    [Test]
    public void Configured_routing_replaces_the_default_order()
    {
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", new ModelAlias("flux", 100)));
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)));
        var options = new FluxImagingOptions { Routing = { ["flux"] = ["Voodoohop", "BlackForestLabs"] } };
        var client = new FluxImagingClient([dev, schnell], Options.Create(options));

        Assert.That(client.ResolveProviders("flux").Select(p => p.Name), Is.EqualTo(new[] { "Voodoohop", "BlackForestLabs" }));
    }

    [Test]
    public void A_request_without_a_model_uses_the_default_model()
    {
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)));
        var labs = new ScriptedProvider("ImageLabs", ScriptedProvider.Flux("sdxl-turbo"));
        var client = new FluxImagingClient([labs, dev]);

        Assert.That(client.ResolveProviders(null).Select(p => p.Name), Is.EqualTo(new[] { "BlackForestLabs" }));
    }

    [Test]
    public void An_unknown_model_is_a_not_found_error_naming_the_known_ones()
    {
        var client = new FluxImagingClient([new ScriptedProvider("ImageLabs", ScriptedProvider.Flux("sdxl-turbo"))]);

        var error = Assert.Throws<FluxImagingException>(() => client.ResolveProviders("dall-e-3"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.NotFound));
        Assert.That(error.Message, Does.Contain("dall-e-3").And.Contain("sdxl-turbo"));
    }

    [Test]
    public async Task A_provider_pin_bypasses_routing()
    {
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", new ModelAlias("flux", 100)), p => p.Final());
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)), p => p.Final());
        var client = new FluxImagingClient([schnell, dev]);

        var response = await client.GenerateImageAsync(new ImageRequest("a cat") { Model = "flux", Provider = "voodoohop" });

        Assert.That(response.Provider, Is.EqualTo("Voodoohop"));
        Assert.That(dev.Runs, Is.Zero);
    }

    [Test]
    public void A_pin_to_a_provider_that_does_not_serve_the_model_is_rejected()
    {
        var labs = new ScriptedProvider("ImageLabs", ScriptedProvider.Flux("sdxl-turbo"));
        var client = new FluxImagingClient([labs]);

        var error = Assert.Throws<FluxImagingException>(() => client.ResolveProviders("flux-dev", "ImageLabs"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.NotFound));
    }

    [Test]
    public async Task Falls_back_to_the_next_provider_when_the_first_fails_before_any_image()
    {
        var dev = new ScriptedProvider(
            "BlackForestLabs",
            ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)),
            p => p.Status("Queued"),
            ScriptedProvider.Fail(FluxImagingErrorKind.QuotaExceeded, "You have exceeded your GPU quota"));
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", new ModelAlias("flux", 100)), p => p.Status("Submitted"), p => p.Final());
        var client = new FluxImagingClient([schnell, dev]);

        var events = await Collect(client.GenerateAsync(new ImageRequest("a cat") { Model = "flux" }));

        Assert.That(events.Select(e => (e.Provider, e.GetType().Name)), Is.EqualTo(new[]
        {
            ("BlackForestLabs", nameof(Reasoning)),
            ("Voodoohop", nameof(Reasoning)),
            ("Voodoohop", nameof(ImageResponse)),
        }));
    }

    [Test]
    public void Does_not_fall_back_once_the_failing_provider_produced_a_preview()
    {
        var dev = new ScriptedProvider(
            "BlackForestLabs",
            ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)),
            p => p.Preview(),
            ScriptedProvider.Fail(FluxImagingErrorKind.UpstreamError, "CUDA out of memory"));
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", new ModelAlias("flux", 100)), p => p.Final());
        var client = new FluxImagingClient([dev, schnell]);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Collect(client.GenerateAsync(new ImageRequest("a cat") { Model = "flux" })));

        Assert.That(error!.Provider, Is.EqualTo("BlackForestLabs"));
        Assert.That(error.Message, Does.Contain("CUDA out of memory"));
        Assert.That(schnell.Runs, Is.Zero);
    }

    [Test]
    public void When_every_provider_fails_one_error_carries_each_providers_error()
    {
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)), ScriptedProvider.Fail(FluxImagingErrorKind.QuotaExceeded, "quota"));
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", new ModelAlias("flux", 100)), ScriptedProvider.Fail(FluxImagingErrorKind.UpstreamUnavailable, "busy"));
        var client = new FluxImagingClient([dev, schnell]);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync("a cat", "flux"));

        Assert.That(error!.ProviderErrors.Select(e => (e.Provider, e.Kind)), Is.EqualTo(new[]
        {
            ("BlackForestLabs", FluxImagingErrorKind.QuotaExceeded),
            ("Voodoohop", FluxImagingErrorKind.UpstreamUnavailable),
        }));
        Assert.That(error.Kind, Is.EqualTo(FluxImagingErrorKind.UpstreamUnavailable));
        Assert.That(error.Message, Does.Contain("BlackForestLabs: quota").And.Contain("Voodoohop: busy"));
    }

    [Test]
    public async Task Nothing_runs_before_the_first_MoveNextAsync()
    {
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)), p => p.Final());
        var client = new FluxImagingClient([dev]);

        var events = client.GenerateAsync(new ImageRequest("a cat"));
        await using var enumerator = events.GetAsyncEnumerator();

        Assert.That(dev.Runs, Is.Zero);
        Assert.That(await enumerator.MoveNextAsync(), Is.True);
        Assert.That(dev.Runs, Is.EqualTo(1));
    }

    [Test]
    public void A_stream_that_ends_without_a_final_image_is_a_protocol_violation()
    {
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", "flux-dev"), p => p.Status("Started"));
        var client = new FluxImagingClient([dev]);

        var error = Assert.ThrowsAsync<FluxImagingException>(() => client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(error.Provider, Is.EqualTo("BlackForestLabs"));
    }

    [Test]
    public async Task The_provider_receives_the_default_model_when_the_request_names_none()
    {
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)), p => p.Final());
        var client = new FluxImagingClient([dev]);

        await client.GenerateImageAsync(new ImageRequest("a cat"));

        Assert.That(dev.LastRequest!.Model, Is.EqualTo("flux"));
    }

    [Test]
    public void Models_lists_ids_and_aliases_with_their_providers_in_routing_order()
    {
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", "flux-schnell", new ModelAlias("flux", 100)));
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", "flux-dev", new ModelAlias("flux", 300)));
        var client = new FluxImagingClient([schnell, dev]);

        var flux = client.Models.Single(m => m.Model == "flux");

        Assert.That(flux.IsAlias, Is.True);
        Assert.That(flux.Providers, Is.EqualTo(new[] { "BlackForestLabs", "Voodoohop" }));
        Assert.That(client.Models.Select(m => m.Model), Is.SupersetOf(new[] { "voodoohop-flux-1-schnell", "black-forest-labs-flux-1-dev", "flux-schnell", "flux-dev" }));
    }

    [Test]
    public void Cancellation_surfaces_as_OperationCanceledException_and_does_not_fall_back()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var dev = new ScriptedProvider("BlackForestLabs", ScriptedProvider.Flux("black-forest-labs-flux-1-dev", new ModelAlias("flux", 300)), p => p.Final());
        var schnell = new ScriptedProvider("Voodoohop", ScriptedProvider.Flux("voodoohop-flux-1-schnell", new ModelAlias("flux", 100)), p => p.Final());
        var client = new FluxImagingClient([dev, schnell]);

        Assert.That(() => client.GenerateImageAsync(new ImageRequest("a cat"), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(schnell.Runs, Is.Zero);
    }

    private static async Task<List<ImageEvent>> Collect(IAsyncEnumerable<ImageEvent> events)
    {
        var list = new List<ImageEvent>();
        await foreach (var imageEvent in events)
        {
            list.Add(imageEvent);
        }

        return list;
    }
}

using FluxImaging.Pollinations.Tests.Support;
using FluxImaging.Testing.Pollinations;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.Pollinations.Tests;

/// <summary>Pollinations serves <c>flux</c> last: any other provider of it goes first, whatever the registration order.</summary>
[TestFixture]
public sealed class RoutingTests
{
    private PollinationsEmulator _service = null!;
    private FluxScript _script = null!;
    private PollinationsHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _service = await PollinationsEmulator.StartAsync();
        _script = new FluxScript();
        _host = Create();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _service.DisposeAsync();
    }

    [Test]
    public void Flux_resolves_to_the_other_provider_first_even_when_Pollinations_was_registered_first()
    {
        Assert.That(_host.Client.ResolveProviders("flux").Select(p => p.Name), Is.EqualTo(new[] { "Scripted", "Pollinations" }));
        Assert.That(_host.Client.Models.Single(m => m.Model == "flux").Providers, Is.EqualTo(new[] { "Scripted", "Pollinations" }));
    }

    [Test]
    public void The_pollinations_alias_and_the_id_resolve_to_Pollinations_alone()
    {
        Assert.That(_host.Client.ResolveProviders("pollinations").Select(p => p.Name), Is.EqualTo(new[] { "Pollinations" }));
        Assert.That(_host.Client.ResolveProviders("pollinations-flux").Select(p => p.Name), Is.EqualTo(new[] { "Pollinations" }));
    }

    [Test]
    public async Task Flux_is_served_by_the_other_provider_while_it_works()
    {
        var response = await _host.Client.GenerateImageAsync("a cat", "flux");

        Assert.That(response.Provider, Is.EqualTo("Scripted"));
        Assert.That(_service.Generations, Is.Empty);
    }

    [Test]
    public async Task When_the_other_provider_throws_Pollinations_serves_flux()
    {
        _script.Fail = true;

        var response = await _host.Client.GenerateImageAsync(new ImageRequest("a cat") { Model = "flux", Width = 64, Height = 64, Seed = 2 });

        Assert.That((response.Provider, response.Model), Is.EqualTo(("Pollinations", "pollinations-flux")));
        Assert.That(_service.Generations.Single().Parameter("model"), Is.EqualTo("flux"));
    }

    [Test]
    public async Task When_both_fail_each_error_is_in_ProviderErrors_in_the_order_tried()
    {
        _script.Fail = true;
        _service.FailNext(PollinationsFault.PaymentRequiredQueueFull);

        var (_, error) = await _host.RunAsync(new ImageRequest("a cat") { Model = "flux", Width = 64, Height = 64, Seed = 2 });

        Assert.That(error!.ProviderErrors.Select(e => (e.Provider, e.Kind)), Is.EqualTo(new[]
        {
            ("Scripted", FluxImagingErrorKind.UpstreamError),
            ("Pollinations", FluxImagingErrorKind.RateLimited),
        }));
    }

    [Test]
    public async Task Configured_routing_still_wins()
    {
        await _host.DisposeAsync();
        _host = Create(new Dictionary<string, string?> { ["FluxImaging:Routing:flux:0"] = "Pollinations" });

        Assert.That(_host.Client.ResolveProviders("flux").Select(p => p.Name), Is.EqualTo(new[] { "Pollinations", "Scripted" }));
    }

    [Test]
    public void Pollinations_declares_flux_below_the_priorities_our_providers_use()
    {
        var pollinations = _host.Client.Providers.Single(p => p.Name == "Pollinations");

        Assert.That(pollinations.Models.PriorityOf("flux"), Is.Negative);
        Assert.That(pollinations.Models.PriorityOf("pollinations"), Is.Zero);
        Assert.That(pollinations.Models.DefaultModel, Is.EqualTo("pollinations-flux"));
    }

    private PollinationsHost Create(IDictionary<string, string?>? configuration = null) => PollinationsHost.Create(
        o => o.Endpoint = _service.BaseAddress,
        configuration: configuration,
        moreProviders: builder =>
        {
            builder.Services.AddSingleton(_script);
            builder.AddProvider<ScriptedFluxProvider, ImageProviderOptions>("Scripted", o => o.Endpoint = new Uri("https://scripted.test"));
        });
}

using FluxImaging.Providers;
using FluxImaging.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.Tests.DependencyInjection;

[TestFixture]
public sealed class AddFluxImagingTests
{
    [Test]
    public void Options_and_provider_sections_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FluxImaging:Timeouts:Idle"] = "00:00:45",
            ["FluxImaging:Retry:MaxAttempts"] = "5",
            ["FluxImaging:Routing:flux:0"] = "Voodoohop",
            ["FluxImaging:Routing:flux:1"] = "BlackForestLabs",
            ["FluxImaging:Providers:Loopback:Endpoint"] = "http://127.0.0.1:7860",
            ["FluxImaging:Providers:Loopback:Timeouts:Idle"] = "00:00:02",
        }).Build();

        using var services = Build(configuration);

        var shared = services.GetRequiredService<IOptions<FluxImagingOptions>>().Value;
        Assert.That(shared.Timeouts.Idle, Is.EqualTo(TimeSpan.FromSeconds(45)));
        Assert.That(shared.Retry.MaxAttempts, Is.EqualTo(5));
        Assert.That(shared.Routing["flux"], Is.EqualTo(new[] { "Voodoohop", "BlackForestLabs" }));
        Assert.That(services.GetRequiredService<IOptionsMonitor<LoopbackOptions>>().Get(LoopbackProvider.ProviderName).Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:7860")));

        var runtime = services.GetRequiredKeyedService<UpstreamHttp>(LoopbackProvider.ProviderName);
        Assert.That(runtime.Timeouts.Idle, Is.EqualTo(TimeSpan.FromSeconds(2)), "the provider's override wins");
        Assert.That(runtime.Timeouts.Generation, Is.EqualTo(TimeSpan.FromMinutes(10)), "unset values fall back to the shared ones");
    }

    [TestCase("FluxImaging:Providers:Loopback:Endpoint", "ftp://example.test", "Endpoint must be an absolute http or https URL")]
    [TestCase("FluxImaging:Providers:Loopback:Proxy", "gopher://proxy.test:70", "Proxy must be an absolute http, https or socks5 URI")]
    [TestCase("FluxImaging:Timeouts:Generation", "-00:00:01", "Timeouts:Generation must be positive")]
    [TestCase("FluxImaging:Retry:MaxAttempts", "0", "MaxAttempts must be between 1 and 20")]
    public void Bad_settings_fail_at_start_with_the_key_named(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = Build(configuration);

        var error = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());

        var failures = (error as AggregateException)?.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)
            ?? ((OptionsValidationException)error!).Failures;
        Assert.That(failures, Has.Some.Contains(message));
    }

    [Test]
    public void A_socks5_proxy_is_accepted()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FluxImaging:Providers:Loopback:Proxy"] = "socks5://127.0.0.1:1080",
        }).Build();
        using var services = Build(configuration);

        Assert.DoesNotThrow(() => services.GetRequiredService<IStartupValidator>().Validate());
    }

    [Test]
    public void Providers_are_singletons_and_the_client_sees_each_once_even_if_added_twice()
    {
        var services = new ServiceCollection();
        var builder = services.AddFluxImaging();
        AddLoopback(builder);
        AddLoopback(builder);
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<FluxImagingClient>();
        Assert.That(client.Providers.Select(p => p.Name), Is.EqualTo(new[] { "Loopback" }));
        Assert.That(provider.GetRequiredKeyedService<LoopbackProvider>(LoopbackProvider.ProviderName), Is.SameAs(client.Providers[0]));
    }

    private static ServiceProvider Build(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        AddLoopback(services.AddFluxImaging(configuration));
        return services.BuildServiceProvider();
    }

    private static void AddLoopback(FluxImagingBuilder builder) =>
        builder.AddProvider<LoopbackProvider, LoopbackOptions>(LoopbackProvider.ProviderName);
}

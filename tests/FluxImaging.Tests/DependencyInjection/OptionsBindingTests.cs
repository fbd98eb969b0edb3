using FluxImaging.Providers;
using FluxImaging.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.Tests.DependencyInjection;

/// <summary>
/// How a provider's options come from configuration: through the bind delegate a trim- and AOT-safe package passes
/// (generated binding code), or by reflection; either way before the code's own changes, and again after a reload.
/// </summary>
[TestFixture]
public sealed class OptionsBindingTests
{
    private const string Section = "FluxImaging:Providers:Loopback";

    [Test]
    public void A_bind_delegate_gets_the_provider_section_and_code_changes_apply_after_it()
    {
        var configuration = Configuration(("Endpoint", "http://127.0.0.1:7860"), ("Timeouts:Idle", "00:00:02"));
        var sections = new List<string>();
        var services = new ServiceCollection();
        services.AddFluxImaging(configuration).AddProvider<LoopbackProvider, LoopbackOptions>(
            LoopbackProvider.ProviderName,
            Section,
            (section, options) =>
            {
                sections.Add(section.Path);
                section.Bind(options);
            },
            options => options.Endpoint = new Uri(options.Endpoint, "/v2/"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<LoopbackOptions>>().Get(LoopbackProvider.ProviderName);

        Assert.That(sections, Is.EqualTo(new[] { Section }));
        Assert.That(options.Timeouts.Idle, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(options.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:7860/v2/")), "configure sees the bound endpoint");
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Provider_options_follow_a_configuration_reload(bool bindDelegate)
    {
        var configuration = Configuration(("Endpoint", "http://127.0.0.1:7860"));
        var services = new ServiceCollection();
        var builder = services.AddFluxImaging(configuration);
        if (bindDelegate)
        {
            builder.AddProvider<LoopbackProvider, LoopbackOptions>(LoopbackProvider.ProviderName, Section, static (section, options) => section.Bind(options));
        }
        else
        {
            builder.AddProvider<LoopbackProvider, LoopbackOptions>(LoopbackProvider.ProviderName);
        }

        using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IOptionsMonitor<LoopbackOptions>>();
        Assert.That(monitor.Get(LoopbackProvider.ProviderName).Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:7860")));

        configuration[$"{Section}:Endpoint"] = "http://127.0.0.1:7861";
        configuration.Reload();

        Assert.That(monitor.Get(LoopbackProvider.ProviderName).Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:7861")));
    }

    [Test]
    public void A_provider_with_the_common_options_binds_them_without_a_delegate()
    {
        var configuration = Configuration(("Endpoint", "http://127.0.0.1:7860"), ("Retry:MaxAttempts", "4"));
        var services = new ServiceCollection();
        services.AddFluxImaging(configuration).AddProvider<PlainProvider>(LoopbackProvider.ProviderName);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<ImageProviderOptions>>().Get(LoopbackProvider.ProviderName);

        Assert.That(options.Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:7860")));
        Assert.That(options.Retry.MaxAttempts, Is.EqualTo(4));
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create<string, string?>($"{Section}:{s.Key}", s.Value)))
            .Build();

    /// <summary>A provider with no options of its own, only the common ones.</summary>
    private sealed class PlainProvider(ImageProviderContext<ImageProviderOptions> context) : IImageProvider
    {
        public string Name => context.Name;

        public string Label => "Provider with the common options";

        public ImageProviderModels Models { get; } = new("plain-model");

        public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Only registered, never called.");
    }
}

using FluxImaging.OpenAI.Tests.Support;
using FluxImaging.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.OpenAI.Tests.Configuration;

/// <summary>Bad OpenAI-compatible settings fail the host's start, naming the key to fix.</summary>
[TestFixture]
public sealed class StartupValidationTests
{
    [TestCase("FluxImaging:Providers:OpenAI:Dialect", "g4f", OpenAIDialect.G4F)]
    [TestCase("FluxImaging:Providers:OpenAI:Dialect", "G4F", OpenAIDialect.G4F)]
    [TestCase("FluxImaging:Providers:OpenAI:Dialect", "openai", OpenAIDialect.OpenAI)]
    public void Dialect_values_bind_in_any_case(string key, string value, OpenAIDialect dialect)
    {
        using var services = OpenAIHost.Build(new Dictionary<string, string?> { [key] = value }, b => b.AddOpenAICompatible());

        Assert.DoesNotThrow(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(services.GetRequiredService<IOptionsMonitor<OpenAICompatibleOptions>>().Get("OpenAI").Dialect, Is.EqualTo(dialect));
    }

    [TestCase("FluxImaging:Providers:OpenAI:Dialect")]
    [TestCase("FluxImaging:Providers:OpenAI:Instances:Local:Dialect")]
    public void An_unknown_dialect_fails_start_naming_its_key(string key)
    {
        using var services = OpenAIHost.Build(new Dictionary<string, string?> { [key] = "gpt4free" }, b => b.AddOpenAICompatible().AddOpenAICompatibleInstances());

        var error = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(Messages(error!), Has.Some.Contains(key));
    }

    [TestCase("FluxImaging:Providers:OpenAI:Dialect", "7", "FluxImaging:Providers:OpenAI:Dialect must be 'openai' or 'g4f'")]
    [TestCase("FluxImaging:Providers:OpenAI:Models:0", " ", "FluxImaging:Providers:OpenAI:Models:0 must not be empty")]
    [TestCase("FluxImaging:Providers:OpenAI:Aliases:dall-e-3", "5", "FluxImaging:Providers:OpenAI:Aliases:dall-e-3 is one of its Models already")]
    [TestCase("FluxImaging:Providers:OpenAI:ApiKey", "sk-one two", "FluxImaging:Providers:OpenAI:ApiKey must not contain white space")]
    [TestCase("FluxImaging:Providers:OpenAI:MaxResponseBytes", "0", "FluxImaging:Providers:OpenAI:MaxResponseBytes must be positive")]
    [TestCase("FluxImaging:Providers:OpenAI:Instances:Local:ApiKey", "line\nbreak", "FluxImaging:Providers:OpenAI:Instances:Local:ApiKey must not contain")]
    [TestCase("FluxImaging:Providers:OpenAI:Instances:Local:Endpoint", "ftp://g4f.test", "FluxImaging:Providers:OpenAI:Instances:Local:Endpoint must be an absolute http or https URL")]
    public void A_bad_setting_fails_start_naming_its_key(string key, string value, string message)
    {
        using var services = OpenAIHost.Build(new Dictionary<string, string?> { [key] = value }, b => b.AddOpenAICompatible().AddOpenAICompatibleInstances());

        var error = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(Messages(error!), Has.Some.Contains(message));
    }

    [TestCase("my gpt", "FluxImaging:Providers:OpenAI:Instances:my gpt: an instance name becomes a provider name")]
    [TestCase("-dash", "FluxImaging:Providers:OpenAI:Instances:-dash: an instance name becomes a provider name")]
    [TestCase("openai", "FluxImaging:Providers:OpenAI:Instances:openai: 'openai' is the provider configured at FluxImaging:Providers:OpenAI itself")]
    [TestCase("Other", "FluxImaging:Providers:OpenAI:Instances:Other: The provider name 'Other' is taken by OtherProvider")]
    public void An_instance_that_cannot_be_a_provider_fails_start_naming_its_key(string name, string message)
    {
        using var services = OpenAIHost.Build(
            new Dictionary<string, string?> { [$"FluxImaging:Providers:OpenAI:Instances:{name}:Endpoint"] = "http://127.0.0.1:1337" },
            b => b.AddProvider<OtherProvider>("Other").AddOpenAICompatibleInstances());

        var error = Assert.Catch(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(Messages(error!), Has.Some.Contains(message));
        Assert.That(services.GetServices<ImageProviderRegistration>().Select(r => r.Name), Is.EqualTo(new[] { "Other" }), "nothing was registered for it");
    }

    [Test]
    public void Good_instances_start()
    {
        using var services = OpenAIHost.Build(
            new Dictionary<string, string?>
            {
                ["FluxImaging:Providers:OpenAI:Instances:local-g4f_1.2:Endpoint"] = "http://127.0.0.1:1337",
                ["FluxImaging:Providers:OpenAI:Instances:local-g4f_1.2:Dialect"] = "g4f",
                ["FluxImaging:Providers:OpenAI:Instances:local-g4f_1.2:Models:0"] = "flux-dev",
                ["FluxImaging:Providers:OpenAI:Instances:local-g4f_1.2:Aliases:flux"] = "50",
            },
            b => b.AddOpenAICompatibleInstances());

        Assert.DoesNotThrow(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(services.Client().ResolveProviders("flux").Single().Name, Is.EqualTo("local-g4f_1.2"));
    }

    [Test]
    public void In_code_a_bad_name_or_a_taken_one_throws_at_once()
    {
        var services = new ServiceCollection();
        var builder = services.AddFluxImaging().AddProvider<OtherProvider>("Other");

        Assert.That(() => builder.AddOpenAICompatible("two words"), Throws.ArgumentException.With.Message.Contains("not a valid provider name"));
        Assert.That(() => builder.AddOpenAICompatible("other"), Throws.InvalidOperationException.With.Message.Contains("taken by OtherProvider"));
    }

    [Test]
    public void In_code_the_name_OpenAI_is_the_provider_OpenAI()
    {
        using var services = OpenAIHost.Build(
            new Dictionary<string, string?> { ["FluxImaging:Providers:OpenAI:Models:0"] = "from-the-main-section" },
            b => b.AddOpenAICompatible("openai").AddOpenAICompatible());

        Assert.That(services.Client().Providers.Select(p => (p.Name, p.Models.DefaultModel)), Is.EqualTo(new[] { ("OpenAI", "from-the-main-section") }));
    }

    private static IEnumerable<string> Messages(Exception error) => error switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Messages),
        OptionsValidationException validation => validation.Failures,
        _ => [error.Message],
    };

    private sealed class OtherProvider(ImageProviderContext<ImageProviderOptions> context) : IImageProvider
    {
        public string Name => context.Name;

        public string Label => "Another kind of provider";

        public ImageProviderModels Models { get; } = new("other-model");

        public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Only registered, never called.");
    }
}

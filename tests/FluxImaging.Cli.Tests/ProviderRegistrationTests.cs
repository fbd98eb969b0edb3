using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging.Cli.Tests;

/// <summary><c>fluximg models</c> lists every provider the CLI registers: packaged, Pollinations, Spaces and OpenAI-compatible endpoints.</summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ProviderRegistrationTests
{
    [Test]
    public async Task Models_lists_Pollinations_and_the_three_Space_presets_without_configuration()
    {
        var (exit, lines, _) = await CliRun.RunAsync("models");

        Assert.That(exit, Is.Zero);
        Assert.That(ProviderNames(lines), Is.SupersetOf(new[] { "BlackForestLabs", "Voodoohop", "ImageLabs", "Pollinations", "SD35Large", "Flux1KontextDev", "Flux1Schnell" }));
        Assert.That(lines, Has.Some.Matches(@"^sd3\.5\s+alias\s+SD35Large$"));
        Assert.That(lines, Has.Some.Matches(@"^flux-kontext\s+alias\s+Flux1KontextDev$"));
        Assert.That(lines, Has.Some.Matches(@"^pollinations-flux\s+model\s+Pollinations$"));
        Assert.That(ProviderNames(lines), Has.None.EqualTo("OpenAI"), "OpenAI's own API needs a key: the provider comes with its configuration");
    }

    [Test]
    public async Task A_Space_in_configuration_is_a_provider_of_its_name()
    {
        using var settings = EnvironmentScope.Configuration(
            ("FluxImaging:Spaces:MySpace:Endpoint", "http://127.0.0.1:9"),
            ("FluxImaging:Spaces:MySpace:Models:0", "my-model"),
            ("FluxImaging:Spaces:MySpace:Models:1", "mine"));

        var (exit, lines, _) = await CliRun.RunAsync("models");

        Assert.That(exit, Is.Zero);
        Assert.That(lines, Has.Some.Matches(@"^my-model\s+model\s+MySpace$").And.Some.Matches(@"^mine\s+alias\s+MySpace$"));
    }

    [Test]
    public async Task The_OpenAI_provider_is_registered_when_its_section_configures_it()
    {
        using var settings = EnvironmentScope.Configuration(
            ("FluxImaging:Providers:OpenAI:Endpoint", "http://127.0.0.1:9"),
            ("FluxImaging:Providers:OpenAI:Models:0", "dall-e-3"));

        var (exit, lines, _) = await CliRun.RunAsync("models");

        Assert.That(exit, Is.Zero);
        Assert.That(lines, Has.Some.Matches(@"^dall-e-3\s+model\s+OpenAI$"));
    }

    [Test]
    public async Task OpenAI_instances_alone_register_the_instances_and_not_the_OpenAI_provider()
    {
        using var settings = EnvironmentScope.Configuration(
            ("FluxImaging:Providers:OpenAI:Instances:LocalG4F:Endpoint", "http://127.0.0.1:9"),
            ("FluxImaging:Providers:OpenAI:Instances:LocalG4F:Models:0", "g4f-flux"));

        var (exit, lines, _) = await CliRun.RunAsync("models");

        Assert.That(exit, Is.Zero);
        Assert.That(lines, Has.Some.Matches(@"^g4f-flux\s+model\s+LocalG4F$"));
        Assert.That(ProviderNames(lines), Does.Contain("LocalG4F").And.No.EqualTo("OpenAI"));
    }

    [Test]
    public async Task Long_model_names_keep_the_columns_aligned()
    {
        var (_, lines, _) = await CliRun.RunAsync("models");

        var routes = lines.Where(l => RouteLine().IsMatch(l)).ToList();
        Assert.That(routes.Select(l => RouteLine().Match(l).Groups[1].Index).Distinct(), Has.Exactly(1).Items, "the kind column starts at one offset");
        Assert.That(routes, Has.Some.StartsWith("stabilityai-stable-diffusion-3-5-large "));
    }

    [Test]
    public async Task Offline_every_provider_is_one_an_emulator_stands_in_for()
    {
        using var settings = EnvironmentScope.Configuration(
            ("FluxImaging:Spaces:MySpace:Endpoint", "https://my-space.example"),
            ("FluxImaging:Providers:OpenAI:Instances:LocalG4F:Endpoint", "https://g4f.example"));
        await using var host = await Hosting.CliHost.StartAsync(offline: true, CancellationToken.None);

        var urls = host.Services.GetServices<ImageProviderRegistration>()
            .SelectMany(r => UrlSettings(host.Services, r))
            .ToList();
        Assert.That(urls.Where(u => u.Value is not null && !u.Value.IsLoopback).Select(u => $"{u.Setting} = {u.Value}"), Is.Empty, "no provider reaches the network offline");
        Assert.That(host.Client.Providers.Select(p => p.Name), Is.SupersetOf(new[] { "BlackForestLabs", "Voodoohop", "ImageLabs", "Pollinations", "SD35Large", "Flux1KontextDev", "Flux1Schnell", "OpenAI" }));
        Assert.That(host.Client.Providers.Select(p => p.Name), Has.None.EqualTo("MySpace").And.None.EqualTo("LocalG4F"), "the user's own services are not emulated");
    }

    /// <summary>Every URL-valued setting of a registered provider's effective options.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Tests run on the JIT.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Tests run on the JIT.")]
    private static IEnumerable<(string Setting, Uri? Value)> UrlSettings(IServiceProvider services, ImageProviderRegistration registration)
    {
        var monitor = services.GetRequiredService(typeof(IOptionsMonitor<>).MakeGenericType(registration.OptionsType));
        var options = monitor.GetType().GetMethod(nameof(IOptionsMonitor<object>.Get))!.Invoke(monitor, [registration.Name])!;
        return registration.OptionsType.GetProperties()
            .Where(p => p.PropertyType == typeof(Uri))
            .Select(p => ($"{registration.ConfigurationSection}:{p.Name}", (Uri?)p.GetValue(options)));
    }

    /// <summary>The provider lines after the routes: a name, then its label and default model.</summary>
    private static List<string> ProviderNames(string[] lines) =>
        [.. lines.Where(l => l.Contains("(default model ", StringComparison.Ordinal)).Select(l => l.Split(' ', 2)[0])];

    [GeneratedRegex(@"^\S+\s+(model|alias)\s")]
    private static partial Regex RouteLine();
}

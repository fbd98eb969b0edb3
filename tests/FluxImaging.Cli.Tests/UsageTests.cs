using System.Reflection;

namespace FluxImaging.Cli.Tests;

/// <summary>Bad usage exits 2 with System.CommandLine's message on standard error; <c>--version</c> and help.</summary>
[TestFixture]
public sealed class UsageTests
{
    [Test]
    public async Task An_unknown_option_exits_2_with_the_parser_message_on_standard_error()
    {
        var (exit, lines, error) = await CliRun.RunAsync("generate", "a cat", "--bogus-flag", "--offline");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Unrecognized command or argument '--bogus-flag'"));
        Assert.That(lines, Is.Empty, "standard output stays clean for scripts");
    }

    [Test]
    public async Task A_value_of_the_wrong_type_exits_2_naming_the_option()
    {
        var (exit, lines, error) = await CliRun.RunAsync("generate", "a cat", "--width", "abc", "--offline", "--json");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Cannot parse argument 'abc' for option '--width'"));
        Assert.That(lines, Is.Empty);
    }

    [Test]
    public async Task A_missing_prompt_exits_2()
    {
        var (exit, _, error) = await CliRun.RunAsync("generate", "--offline");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Required argument 'prompt' missing for command: 'generate'"));
    }

    [Test]
    public async Task An_unknown_command_exits_2()
    {
        var (exit, _, error) = await CliRun.RunAsync("paint", "a cat");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'paint'"));
    }

    [Test]
    public async Task Version_prints_the_informational_version_and_exits_0()
    {
        var (exit, lines, _) = await CliRun.RunAsync("--version");

        var expected = typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.That(exit, Is.Zero);
        Assert.That(lines, Is.EqualTo(new[] { expected }));
        Assert.That(expected, Does.StartWith("0.1.0"));
    }

    [Test]
    public async Task Generate_help_lists_the_models_and_aliases_of_the_registered_providers()
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "--help");

        Assert.That(exit, Is.Zero);
        Assert.That(lines, Does.Contain("Models (--model; default flux, from FluxImaging:DefaultModel):"));
        Assert.That(lines, Has.Some.Matches(@"^flux-schnell\s+alias\s+Flux1Schnell → Voodoohop$"));
        Assert.That(lines, Has.Some.Matches(@"^flux\s+alias\s+BlackForestLabs → Flux1Schnell → Voodoohop → Pollinations$"));
        Assert.That(lines, Has.Some.Matches(@"^flux-kontext\s+alias\s+Flux1KontextDev$"));
        Assert.That(lines, Has.Some.Matches(@"^sdxl-turbo\s+model\s+ImageLabs$"));
    }

    [Test]
    [NonParallelizable]
    public async Task Generate_help_with_invalid_settings_names_them_instead_of_the_models()
    {
        Environment.SetEnvironmentVariable("FluxImaging__Providers__Voodoohop__Endpoint", "ftp://example.invalid");
        Environment.SetEnvironmentVariable("FluxImaging__Providers__ImageLabs__Endpoint", "ftp://example.invalid");
        try
        {
            var (exit, lines, _) = await CliRun.RunAsync("generate", "--help");

            Assert.That(exit, Is.Zero);
            var models = lines.Single(l => l.StartsWith("Models", StringComparison.Ordinal));
            Assert.That(models, Does.StartWith("Models: not available, the configuration is invalid:")
                .And.Contain("FluxImaging:Providers:Voodoohop:Endpoint").And.Contain("FluxImaging:Providers:ImageLabs:Endpoint"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("FluxImaging__Providers__Voodoohop__Endpoint", null);
            Environment.SetEnvironmentVariable("FluxImaging__Providers__ImageLabs__Endpoint", null);
        }
    }

    [Test]
    public async Task Help_of_other_commands_has_no_model_list()
    {
        var (exit, lines, _) = await CliRun.RunAsync("models", "--help");

        Assert.That(exit, Is.Zero);
        Assert.That(lines, Has.None.StartsWith("Models (--model"));
    }
}

namespace FluxImaging.Cli.Tests;

/// <summary>
/// Invalid settings are a configuration error the user fixes like a command line: exit 2, each failure naming its key on
/// standard error, no stack trace, standard output left clean for scripts.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConfigurationErrorTests
{
    [Test]
    public async Task An_endpoint_that_is_not_http_exits_2_naming_the_key()
    {
        using var settings = EnvironmentScope.Configuration(("FluxImaging:Providers:Voodoohop:Endpoint", "ftp://x"));

        var (exit, lines, error) = await CliRun.RunAsync("generate", "a cat", "--json");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("the configuration is invalid").And.Contain("FluxImaging:Providers:Voodoohop:Endpoint must be an absolute http or https URL."));
        Assert.That(error, Does.Not.Contain(" at ").And.Not.Contain("Exception"), "no stack trace");
        Assert.That(lines, Is.Empty, "standard output stays clean for scripts");
    }

    [Test]
    public async Task Several_invalid_settings_are_all_named()
    {
        using var settings = EnvironmentScope.Configuration(
            ("FluxImaging:Providers:Voodoohop:Endpoint", "ftp://x"),
            ("FluxImaging:Providers:ImageLabs:Endpoint", "gopher://y"));

        var (exit, _, error) = await CliRun.RunAsync("generate", "a cat");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("FluxImaging:Providers:Voodoohop:Endpoint").And.Contain("FluxImaging:Providers:ImageLabs:Endpoint"));
    }

    [Test]
    public async Task A_value_of_the_wrong_type_exits_2_naming_the_key()
    {
        using var settings = EnvironmentScope.Configuration(("FluxImaging:Providers:Voodoohop:Timeouts:Attempt", "soon"));

        var (exit, lines, error) = await CliRun.RunAsync("generate", "a cat", "--json");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'soon'").And.Contain("FluxImaging:Providers:Voodoohop:Timeouts:Attempt"));
        Assert.That(lines, Is.Empty);
    }

    [Test]
    public async Task A_Space_section_that_cannot_be_a_provider_name_exits_2_naming_it()
    {
        using var settings = EnvironmentScope.Configuration(("FluxImaging:Spaces:my space:Endpoint", "http://127.0.0.1:9"));

        var (exit, _, error) = await CliRun.RunAsync("generate", "a cat");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("FluxImaging:Spaces:my space: a Space's name becomes a provider name;"));
    }

    [Test]
    public async Task An_OpenAI_instance_name_that_cannot_be_a_provider_name_exits_2_naming_it()
    {
        using var settings = EnvironmentScope.Configuration(("FluxImaging:Providers:OpenAI:Instances:two words:Endpoint", "http://127.0.0.1:9"));

        var (exit, _, error) = await CliRun.RunAsync("models");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("FluxImaging:Providers:OpenAI:Instances:two words:"));
    }

    [Test]
    public async Task Models_with_an_invalid_setting_exits_2_naming_it()
    {
        using var settings = EnvironmentScope.Configuration(("FluxImaging:Spaces:MySpace:Endpoint", "file:///etc"));

        var (exit, lines, error) = await CliRun.RunAsync("models");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("FluxImaging:Spaces:MySpace:Endpoint"));
        Assert.That(lines, Is.Empty);
    }
}

using System.Text.Json;

namespace FluxImaging.Cli.Tests;

/// <summary>Without <c>--model</c>, the model comes from configuration (<c>FluxImaging:DefaultModel</c>), not from the command line.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ConfiguredDefaultModelTests
{
    private const string Variable = "FluxImaging__DefaultModel";
    private string _out = null!;

    [SetUp]
    public void SetUp()
    {
        _out = Directory.CreateTempSubdirectory("fluximg-default-model-").FullName;
        Environment.SetEnvironmentVariable(Variable, "flux-schnell");
    }

    [TearDown]
    public void TearDown()
    {
        Environment.SetEnvironmentVariable(Variable, null);
        Directory.Delete(_out, recursive: true);
    }

    [Test]
    public async Task Generate_without_a_model_uses_the_configured_default()
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "a red fox", "--offline", "--json", "--out", _out);

        Assert.That(exit, Is.Zero);
        var image = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.That((image.GetProperty("type").GetString(), image.GetProperty("provider").GetString(), image.GetProperty("model").GetString()), Is.EqualTo(("image", "Flux1Schnell", "black-forest-labs-flux-1-schnell")));
    }

    [Test]
    public async Task A_model_on_the_command_line_wins_over_the_configured_default()
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "a red fox", "--model", "flux-dev", "--offline", "--json", "--out", _out);

        Assert.That(exit, Is.Zero);
        Assert.That(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("provider").GetString(), Is.EqualTo("BlackForestLabs"));
    }

    [Test]
    public async Task Models_and_generate_help_name_the_configured_default()
    {
        var (_, models, _) = await CliRun.RunAsync("models");
        var (_, help, _) = await CliRun.RunAsync("generate", "--help");

        Assert.That(models, Does.Contain("Default model: flux-schnell"));
        Assert.That(help, Does.Contain("Models (--model; default flux-schnell, from FluxImaging:DefaultModel):"));
    }
}

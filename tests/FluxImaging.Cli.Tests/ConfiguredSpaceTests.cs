using System.Text.Json;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Cli.Tests;

/// <summary>
/// A Space that exists only in configuration — <c>FluxImaging:Spaces:MySpace:Endpoint</c> and <c>…:Models:0</c>, no
/// code — generates through <c>fluximg</c>, one image or <c>--n</c> of them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConfiguredSpaceTests
{
    private string _out = null!;

    [SetUp]
    public void SetUp() => _out = Directory.CreateTempSubdirectory("fluximg-space-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    public async Task A_Space_with_only_an_endpoint_and_a_model_saves_a_png()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 32;
        space.StepDelay = TimeSpan.Zero;
        using var settings = EnvironmentScope.Configuration(
            ("FluxImaging:Spaces:MySpace:Endpoint", space.BaseAddress.AbsoluteUri),
            ("FluxImaging:Spaces:MySpace:Models:0", "my-model"));

        var (exit, lines, _) = await CliRun.RunAsync("generate", "x", "--model", "my-model", "--seed", "5", "--json", "--out", _out);

        Assert.That(exit, Is.Zero);
        var image = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.That((image.GetProperty("type").GetString(), image.GetProperty("provider").GetString(), image.GetProperty("model").GetString(), image.GetProperty("seed").GetInt64()), Is.EqualTo(("image", "MySpace", "my-model", 5L)));
        var path = image.GetProperty("images")[0].GetProperty("path").GetString()!;
        Assert.That((await File.ReadAllBytesAsync(path)).AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
        Assert.That(Directory.GetFiles(_out), Is.EqualTo(new[] { path }));
    }

    [Test]
    public async Task N_3_against_a_gallery_Space_saves_three_different_images_from_one_call()
    {
        await using var space = await ImageGallerySpace.StartAsync();
        space.StepDelay = TimeSpan.Zero;
        using var settings = EnvironmentScope.Configuration(SpaceSettings.For("Gallery", space.BaseAddress, "gallery"));

        var (exit, lines, _) = await CliRun.RunAsync("generate", "three cats", "--model", "gallery", "--n", "3", "--width", "256", "--height", "256", "--json", "--out", _out);

        Assert.That(exit, Is.Zero);
        var image = JsonDocument.Parse(lines[^1]).RootElement;
        var paths = image.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("path").GetString()!).ToList();
        Assert.That(paths, Has.Count.EqualTo(3));
        Assert.That(Directory.GetFiles(_out), Is.EquivalentTo(paths));
        var contents = await Task.WhenAll(paths.Select(async p => Convert.ToHexString(await File.ReadAllBytesAsync(p))));
        Assert.That(contents.Distinct().Count(), Is.EqualTo(3), "three different images");
        Assert.That(space.Runs, Is.EqualTo(1), "the Space's count parameter asked for all three");
    }

    [Test]
    public async Task N_2_against_a_Space_without_a_count_saves_two_images_without_json()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        space.StepDelay = TimeSpan.Zero;
        using var settings = EnvironmentScope.Configuration(SpaceSettings.For("MySpace", space.BaseAddress, "my-model"));

        var (exit, lines, _) = await CliRun.RunAsync("generate", "a cat", "--model", "my-model", "--n", "2", "--seed", "11", "--out", _out);

        Assert.That(exit, Is.Zero);
        Assert.That(lines.Count(l => l.StartsWith("Saved ", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(Directory.GetFiles(_out), Has.Length.EqualTo(2));
    }

    [TestCase("0")]
    [TestCase("11")]
    public async Task N_outside_1_to_10_is_an_invalid_request_naming_the_option(string n)
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "a cat", "--n", n, "--offline", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        var error = JsonDocument.Parse(lines.Single()).RootElement;
        Assert.That((error.GetProperty("kind").GetString(), error.GetProperty("message").GetString()), Is.EqualTo(("invalid_request", "--n: Count must be between 1 and 10.")));
    }

    [Test]
    public async Task A_ZeroGPU_token_warning_is_a_json_reasoning_line_with_level_warning_and_the_image_follows()
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync();
        space.FinalSize = 16;
        space.StepDelay = TimeSpan.Zero;
        space.FailNext(ZeroGpuFault.TokenRejectedWarning());
        using var settings = EnvironmentScope.Configuration(SpaceSettings.For("SD35Large", space.BaseAddress));

        var (exit, lines, _) = await CliRun.RunAsync("generate", "a cat", "--model", "sd3.5", "--json", "--out", _out);

        Assert.That(exit, Is.Zero);
        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var warning = events.Single(e => e.GetProperty("type").GetString() == "reasoning" && e.GetProperty("level").GetString() == "warning");
        Assert.That(warning.GetProperty("status").GetString(), Does.Contain("Falling back to IP-based quotas"));
        Assert.That(events.Where(e => e.GetProperty("type").GetString() == "reasoning").Select(e => e.GetProperty("level").ValueKind), Has.Some.EqualTo(JsonValueKind.Null), "lines without a level say null");
        Assert.That(events[^1].GetProperty("type").GetString(), Is.EqualTo("image"));
    }
}

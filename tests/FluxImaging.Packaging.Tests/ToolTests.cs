using System.Text.Json;

namespace FluxImaging.Packaging.Tests;

/// <summary><c>fluximg</c> as a .NET tool: installed from the packed feed into a tool path, then run as a user would.</summary>
[TestFixture]
[NonParallelizable]
public sealed class ToolTests
{
    private string _tools = null!;

    [OneTimeSetUp]
    public async Task InstallAsync()
    {
        _tools = Path.Combine(FreshCheckout.Work, "tools");
        await Processes.DotnetAsync(FreshCheckout.Work, "tool", "install", "FluxImaging.Cli", "--tool-path", _tools, "--add-source", FreshCheckout.Feed, "--version", FreshCheckout.Version);
    }

    private string Fluximg => Path.Combine(_tools, OperatingSystem.IsWindows() ? "fluximg.exe" : "fluximg");

    [Test]
    public async Task The_installed_tool_prints_its_version_with_the_commit()
    {
        var output = await Processes.RunAsync(Fluximg, FreshCheckout.Work, TimeSpan.FromMinutes(1), "--version");

        Assert.That(output.Trim(), Is.EqualTo($"{FreshCheckout.Version}+{FreshCheckout.Commit}"));
    }

    [Test]
    public async Task The_installed_tool_generates_a_png_offline()
    {
        var images = Path.Combine(FreshCheckout.Work, "tool-images");

        var output = await Processes.RunAsync(Fluximg, FreshCheckout.Work, TimeSpan.FromMinutes(2), "generate", "a lighthouse at dawn", "--offline", "--model", "flux-schnell", "--seed", "7", "--out", images, "--json");

        var last = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.That((last.GetProperty("type").GetString(), last.GetProperty("seed").GetInt64()), Is.EqualTo(("image", 7L)));
        var path = last.GetProperty("images")[0].GetProperty("path").GetString()!;
        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(images));
        Assert.That((await File.ReadAllBytesAsync(path)).AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
    }
}

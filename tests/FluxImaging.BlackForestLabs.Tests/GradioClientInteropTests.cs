using System.Text.Json;
using FluxImaging.Testing.Gradio;
using FluxImaging.Tests.Shared;

namespace FluxImaging.BlackForestLabs.Tests;

/// <summary>
/// The independent check of the emulator: Gradio's own JavaScript client (npm <c>@gradio/client</c> 2.7.0, installed
/// by <c>npm ci</c> in <c>GradioClientInterop/</c>, which building this project does) connects, predicts <c>/infer</c>, sees
/// progress and diff-applied previews, downloads the final PNG, and gets the quota failure as a rejected promise.
/// If Gradio's client is happy, the emulator speaks Gradio.
/// </summary>
[TestFixture]
public sealed class GradioClientInteropTests
{
    [Test]
    public async Task Gradios_own_client_runs_a_job_against_the_emulator()
    {
        var script = InteropFolder();
        await using var space = await FluxDevSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(5);
        space.PreviewEvery = 2;
        space.AnonymousQuotaRuns = 1;

        var report = await RunNodeAsync(script, space.BaseAddress.AbsoluteUri.TrimEnd('/'));

        var stages = report.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.That(stages, Does.Contain("pending").And.Contain("generating").And.Contain("complete"));
        var steps = report.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("index")).Where(i => i.ValueKind == JsonValueKind.Number).Select(i => i.GetInt32()).ToList();
        Assert.That(steps, Is.Not.Empty.And.Contains(8), "progress reaches the last of 8 steps");
        Assert.That(report.GetProperty("logs").EnumerateArray().Select(l => l.GetString()), Does.Contain("Waiting for a GPU to become available"));

        var urls = report.GetProperty("previewUrls").EnumerateArray().Select(u => u.GetString()).ToList();
        Assert.That(urls, Has.Count.GreaterThanOrEqualTo(4), "three previews (steps 2, 4, 6) and the final result");
        Assert.That(urls, Has.All.StartWith($"{space.BaseAddress.AbsoluteUri.TrimEnd('/')}/gradio_api/file=/tmp/gradio/").And.All.EndWith("/image.png"));
        Assert.That(urls.Distinct().Count(), Is.EqualTo(urls.Count), "the client applied each diff to a new file");

        Assert.That(report.GetProperty("finalIsPng").GetBoolean(), Is.True);
        Assert.That(report.GetProperty("finalSeed").GetInt64(), Is.EqualTo(7));
        Assert.That(report.GetProperty("quotaError").GetString(), Does.Contain("You have exceeded your GPU quota"));
    }

    private static string InteropFolder()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FluxImaging.sln")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root (FluxImaging.sln) must be above the test output");
        var folder = Path.Combine(directory!.FullName, "tests", "FluxImaging.BlackForestLabs.Tests", "GradioClientInterop");
        Assert.That(
            Directory.Exists(Path.Combine(folder, "node_modules", "@gradio", "client")),
            Is.True,
            $"@gradio/client is not installed: building this project runs 'npm ci' in {folder}.");
        return folder;
    }

    private static async Task<JsonElement> RunNodeAsync(string folder, string url)
    {
        var (exitCode, output, error) = await ChildProcess.RunAsync("node", folder, TimeSpan.FromMinutes(2), [Path.Combine(folder, "check.mjs"), url]);
        Assert.That(exitCode, Is.Zero, $"node failed: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return JsonDocument.Parse(lines[^1]).RootElement.Clone();
    }
}

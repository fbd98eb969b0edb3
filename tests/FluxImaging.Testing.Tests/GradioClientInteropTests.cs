using System.Security.Cryptography;
using System.Text.Json;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;
using FluxImaging.Tests.Shared;

namespace FluxImaging.Testing.Tests;

/// <summary>
/// The independent check of the new emulators: Gradio's own JavaScript client (npm <c>@gradio/client</c> 2.7.0 in
/// <c>GradioClientInterop/</c>) connects to each, reads its API, submits with named inputs, uploads an image for
/// Kontext with <c>handle_file</c>, downloads the results — and sees a ZeroGPU quota failure with its title.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class GradioClientInteropTests
{
    private static string _folder = null!;

    [OneTimeSetUp]
    public static void FindClient()
    {
        _folder = InteropFolder();

        // The build installs it (tests/build/NpmPackageFolders.targets); a missing client is a failed setup, not a skip.
        Assert.That(Directory.Exists(Path.Combine(_folder, "node_modules", "@gradio", "client")), Is.True, $"@gradio/client is not installed in {_folder}: the build's npm ci did not run.");
    }

    [TestCase(GradioLayout.Gradio5)]
    [TestCase(GradioLayout.Gradio6)]
    public async Task Gradios_client_runs_sd35_large(GradioLayout layout)
    {
        await using var space = await StableDiffusion35LargeSpace.StartAsync(layout);
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        space.FinalSize = 32;

        var report = await CheckAsync("sd35", space);

        Assert.That(ParameterNames(report, "/infer"), Is.EqualTo(new[] { "prompt", "negative_prompt", "seed", "randomize_seed", "width", "height", "guidance_scale", "num_inference_steps" }));
        Assert.That(Statuses(report), Does.Contain("pending").And.Contain("complete"));
        Assert.That(FinalData(report)[1].GetInt64(), Is.EqualTo(7));
        Assert.That(Files(report).Single().GetProperty("png").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Gradios_client_uploads_an_image_to_kontext_and_gets_the_edit()
    {
        await using var space = await FluxKontextDevSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        var input = PngImage.Render("a photo", 1, 40, 30);
        var path = Path.Combine(Path.GetTempPath(), $"kontext-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(path, input);
        try
        {
            var report = await CheckAsync("kontext", space, path);

            Assert.That(space.Uploads.Single().Content.ToArray(), Is.EqualTo(input), "handle_file uploaded the bytes");
            Assert.That(Statuses(report), Does.Contain("generating").And.Contain("complete"));
            var expected = Convert.ToHexStringLower(SHA256.HashData(FluxKontextDevSpace.RenderEdit(input, "make it snow", 5)));
            Assert.That(Files(report).Single().GetProperty("sha256").GetString(), Is.EqualTo(expected));
            Assert.That(FinalData(report)[2].GetProperty("__type__").GetString(), Is.EqualTo("update"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Gradios_client_uploads_an_image_and_a_mask_to_the_inpainting_Space()
    {
        await using var space = await InpaintingSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        var image = PngImage.Render("a photo", 1, 40, 30);
        var mask = PngImage.Render("a mask", 2, 40, 30);
        var imagePath = Path.Combine(Path.GetTempPath(), $"inpaint-{Guid.NewGuid():N}.png");
        var maskPath = Path.Combine(Path.GetTempPath(), $"mask-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(imagePath, image);
        await File.WriteAllBytesAsync(maskPath, mask);
        try
        {
            var report = await CheckAsync("inpaint", space, imagePath, maskPath);

            Assert.That(ParameterNames(report, "/inpaint"), Is.EqualTo(new[] { "image", "mask_image", "prompt", "seed", "randomize_seed", "steps" }));
            Assert.That(space.Uploads.Select(u => u.Content.ToArray()), Is.EquivalentTo(new[] { image, mask }), "handle_file uploaded both");
            var expected = Convert.ToHexStringLower(SHA256.HashData(InpaintingSpace.RenderInpaint(image, mask, "a red door", 6)));
            Assert.That(Files(report).Single().GetProperty("sha256").GetString(), Is.EqualTo(expected));
        }
        finally
        {
            File.Delete(imagePath);
            File.Delete(maskPath);
        }
    }

    [Test]
    public async Task Gradios_client_runs_the_official_flux_schnell()
    {
        await using var space = await OfficialFluxSchnellSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);

        var report = await CheckAsync("schnell", space);

        Assert.That(ParameterNames(report, "/infer"), Is.EqualTo(new[] { "prompt", "seed", "randomize_seed", "width", "height", "num_inference_steps" }));
        Assert.That(FinalData(report)[1].GetInt64(), Is.EqualTo(3));
        Assert.That(Files(report).Single().GetProperty("png").GetBoolean(), Is.True);
    }

    [TestCase(GradioLayout.Gradio4)]
    [TestCase(GradioLayout.Gradio5)]
    public async Task Gradios_client_reads_a_gallery_of_three_images(GradioLayout layout)
    {
        await using var space = await ImageGallerySpace.StartAsync(layout);
        space.StepDelay = TimeSpan.FromMilliseconds(1);

        var report = await CheckAsync("gallery", space);

        Assert.That(ParameterNames(report, "/generate"), Has.Length.EqualTo(7), "the gr.State input is not part of the API");
        var files = Files(report);
        Assert.That(files, Has.Count.EqualTo(3));
        Assert.That(files.Select(f => f.GetProperty("png").GetBoolean()), Has.All.True);
        Assert.That(files.Select(f => f.GetProperty("sha256").GetString()).Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public async Task Gradios_client_gets_the_zerogpu_quota_error_with_its_title()
    {
        await using var space = await OfficialFluxSchnellSpace.StartAsync();
        space.StepDelay = TimeSpan.FromMilliseconds(1);
        space.FailNext(ZeroGpuFault.Quota());

        var report = await CheckAsync("quota", space);

        var error = report.GetProperty("error");
        Assert.That(error.GetProperty("title").GetString(), Is.EqualTo(ZeroGpuFault.QuotaTitle));
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo(ZeroGpuFault.Quota().MessageFor(ZeroGpuIdentity.Anonymous)));
    }

    private static string[] ParameterNames(JsonElement report, string endpoint) =>
        [.. report.GetProperty("endpoints").GetProperty(endpoint).EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];

    private static List<string?> Statuses(JsonElement report) => [.. report.GetProperty("statuses").EnumerateArray().Select(s => s.GetString())];

    private static JsonElement[] FinalData(JsonElement report) => [.. report.GetProperty("data").EnumerateArray().Last().EnumerateArray()];

    private static List<JsonElement> Files(JsonElement report) => [.. report.GetProperty("files").EnumerateArray()];

    private static async Task<JsonElement> CheckAsync(string scenario, GradioSpaceEmulator space, params string[] files)
    {
        List<string> arguments = [Path.Combine(_folder, "check.mjs"), scenario, space.BaseAddress.AbsoluteUri.TrimEnd('/'), .. files];

        var (exitCode, output, error) = await ChildProcess.RunAsync("node", _folder, TimeSpan.FromMinutes(3), arguments);
        Assert.That(exitCode, Is.Zero, $"node failed: {error}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Is.Not.Empty, $"node printed nothing: {error}");
        return JsonDocument.Parse(lines[^1]).RootElement.Clone();
    }

    private static string InteropFolder()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FluxImaging.sln")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root (FluxImaging.sln) must be above the test output");
        return Path.Combine(directory!.FullName, "tests", "FluxImaging.Testing.Tests", "GradioClientInterop");
    }
}

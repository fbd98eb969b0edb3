using System.IO.Compression;
using System.Xml.Linq;

namespace FluxImaging.Packaging.Tests;

/// <summary>A fresh clone needs no setup step: building an interop test project installs its npm packages.</summary>
[TestFixture]
[NonParallelizable]
public sealed class FreshCloneTests
{
    [Test]
    public void Dotnet_test_on_a_fresh_clone_installs_the_npm_packages_and_the_interop_test_passes()
    {
        var (exitCode, output, error) = FreshCheckout.InteropTestRun;

        Assert.That(FreshCheckout.InteropFolderHadNodeModules, Is.False, "the clone starts without node_modules");
        Assert.That(exitCode, Is.Zero, $"{output}\n{error}");
        Assert.That(output, Does.Contain("npm ci in GradioClientInterop"));
        Assert.That(File.Exists(Path.Combine(FreshCheckout.InteropFolder, "node_modules", "@gradio", "client", "package.json")), Is.True);
        Assert.That(output, Does.Match(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+1,"), "the Gradio client interop test ran and passed");
    }

    [Test]
    public async Task A_second_build_leaves_the_installed_npm_packages_alone()
    {
        var output = await Processes.DotnetAsync(FreshCheckout.Clone, ["build", FreshCheckout.InteropProject, "-c", "Release", .. FreshCheckout.BuildProperties]);

        Assert.That(output, Does.Not.Contain("npm ci in"));
        Assert.That(Directory.Exists(Path.Combine(FreshCheckout.InteropFolder, "node_modules", "@gradio", "client")), Is.True);
    }

    [Test]
    public async Task A_copy_without_git_builds_and_packs_without_warnings()
    {
        var copy = Path.Combine(FreshCheckout.Work, "no-git");
        await RepositoryCopy.CopyWithoutGitAsync(copy);

        // Warnings are errors in this repository (MSBuild's and NuGet's too), so success already means none.
        var output = await Processes.DotnetAsync(copy, "pack", "src/FluxImaging/FluxImaging.csproj", "-c", "Release", "-o", Path.Combine(copy, "feed"), "-nodeReuse:false");

        Assert.That(output, Does.Not.Contain("warning").IgnoreCase);
        var package = Directory.GetFiles(Path.Combine(copy, "feed"), "FluxImaging.*.nupkg").Single();
        using var zip = ZipFile.OpenRead(package);
        var nuspec = XDocument.Load(zip.GetEntry("FluxImaging.nuspec")!.Open());
        var repository = nuspec.Descendants(nuspec.Root!.Name.Namespace + "repository").Single();
        Assert.That((repository.Attribute("url")?.Value, repository.Attribute("commit")), Is.EqualTo(("https://github.com/fluximaging/fluximaging", (XAttribute?)null)), "no git, no commit to name");
    }
}

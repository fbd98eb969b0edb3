using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace FluxImaging.Packaging.Tests;

/// <summary>
/// Proof that the packages work as a user consumes them: pack every library into a local folder, create a fresh console
/// project that references FluxImaging, a provider and the emulators from that folder only (NuGet package source
/// mapping), build it and run a generation against the emulator.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackagesAsAUserWouldTests
{
    private static readonly string[] Libraries =
    [
        "FluxImaging", "FluxImaging.Gradio", "FluxImaging.Voodoohop", "FluxImaging.BlackForestLabs",
        "FluxImaging.ImageLabs", "FluxImaging.OpenAI", "FluxImaging.Extensions.AI", "FluxImaging.Testing",
    ];

    private string _work = null!;
    private string _feed = null!;
    private string _version = null!;

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        _work = Directory.CreateTempSubdirectory("fluximaging-packaging-").FullName;
        _feed = Path.Combine(_work, "feed");

        // A version of its own per run, so the global package cache never serves an older build under the same number.
        _version = $"0.1.0-ci.{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        foreach (var library in Libraries)
        {
            await DotnetAsync(Root(), "pack", Path.Combine("src", library, $"{library}.csproj"), "-c", "Release", "-o", _feed, $"-p:Version={_version}", "-p:ContinuousIntegrationBuild=false", "--nologo");
        }
    }

    [OneTimeTearDown]
    public void CleanUp() => Directory.Delete(_work, recursive: true);

    [Test]
    public void Every_library_has_a_package_and_symbols_with_metadata_readme_and_docs()
    {
        foreach (var library in Libraries)
        {
            var package = Path.Combine(_feed, $"{library}.{_version}.nupkg");
            Assert.That(File.Exists(package), Is.True, package);
            Assert.That(File.Exists(Path.ChangeExtension(package, ".snupkg")), Is.True, $"{library} symbols");

            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.That(entries, Does.Contain("README.md").And.Contain($"lib/net10.0/{library}.dll").And.Contain($"lib/net10.0/{library}.xml"));

            var nuspec = XDocument.Load(zip.GetEntry($"{library}.nuspec")!.Open());
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"), library);
            Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"), library);
            Assert.That(metadata.Element(ns + "description")?.Value, Is.Not.Empty, library);
            Assert.That(metadata.Element(ns + "repository")?.Attribute("url")?.Value, Does.StartWith("https://"), library);

            // Our packages share internals: they depend on exactly the same version of each other.
            var ours = metadata.Descendants(ns + "dependency").Where(d => d.Attribute("id")!.Value.StartsWith("FluxImaging", StringComparison.Ordinal)).ToList();
            Assert.That(ours.Select(d => d.Attribute("version")!.Value), Has.All.EqualTo($"[{_version}]"), library);
        }
    }

    [Test]
    public async Task A_fresh_console_app_generates_an_image_from_the_packages()
    {
        var app = Path.Combine(_work, "consumer");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{_feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="FluxImaging" /><package pattern="FluxImaging.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="FluxImaging" Version="{_version}" />
                <PackageReference Include="FluxImaging.Voodoohop" Version="{_version}" />
                <PackageReference Include="FluxImaging.Testing" Version="{_version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.14" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using FluxImaging;
            using FluxImaging.Testing.Gradio;
            using Microsoft.Extensions.DependencyInjection;

            await using var space = await FluxSchnellSpace.StartAsync();
            var services = new ServiceCollection();
            services.AddFluxImaging().AddVoodoohop(o => o.Endpoint = space.BaseAddress);
            await using var provider = services.BuildServiceProvider();
            var client = provider.GetRequiredService<FluxImagingClient>();

            await foreach (var e in client.GenerateAsync(new ImageRequest("a lighthouse at dawn") { Model = "flux-schnell", Seed = 42 }))
            {
                if (e is ImageResponse done)
                {
                    Console.WriteLine($"SAVED {await done.Images[0].SaveAsync(args[0])} SEED {done.Seed}");
                }
            }
            """);

        var output = await DotnetAsync(app, "run", "--", Path.Combine(app, "images"));

        var saved = output.Split('\n').Single(l => l.StartsWith("SAVED ", StringComparison.Ordinal)).Trim();
        Assert.That(saved, Does.EndWith("SEED 42"));
        var path = saved["SAVED ".Length..saved.IndexOf(" SEED", StringComparison.Ordinal)];
        Assert.That((await File.ReadAllBytesAsync(path)).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FluxImaging.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (FluxImaging.sln) is not above the test output.");
    }

    private static async Task<string> DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The consumer must not inherit this repository's build settings through the environment.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} took longer than 5 minutes.");
        }

        var text = await output;
        Assert.That(process.ExitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)} failed:\n{text}\n{await error}");
        return text;
    }
}

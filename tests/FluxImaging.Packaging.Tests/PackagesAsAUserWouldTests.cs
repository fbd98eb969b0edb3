using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace FluxImaging.Packaging.Tests;

/// <summary>
/// The packages of <c>dotnet pack FluxImaging.sln</c>, as a user gets them: exactly the libraries and the tool, each with
/// its own README, the icon, docs, symbols whose SourceLink points at the repository named at pack time, and a fresh
/// console project that references FluxImaging, a provider and the emulators from that feed only (NuGet package source
/// mapping), builds and runs a generation against the emulator.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackagesAsAUserWouldTests
{
    private static readonly string[] Libraries =
    [
        "FluxImaging", "FluxImaging.Gradio", "FluxImaging.Voodoohop", "FluxImaging.BlackForestLabs",
        "FluxImaging.ImageLabs", "FluxImaging.OpenAI", "FluxImaging.Pollinations", "FluxImaging.Extensions.AI", "FluxImaging.Testing",
    ];

    // The portable PDB's SourceLink record (https://github.com/dotnet/runtime/blob/main/docs/design/specs/PortablePdb-Metadata.md).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private static string Package(string id) => Path.Combine(FreshCheckout.Feed, $"{id}.{FreshCheckout.Version}.nupkg");

    [Test]
    public void Packing_the_solution_packs_every_library_and_the_tool_and_nothing_else()
    {
        var packages = Directory.GetFiles(FreshCheckout.Feed, "*.nupkg").Select(Path.GetFileName);
        var symbols = Directory.GetFiles(FreshCheckout.Feed, "*.snupkg").Select(Path.GetFileName);

        string[] expected = [.. Libraries, "FluxImaging.Cli"];
        Assert.That(packages, Is.EquivalentTo(expected.Select(id => $"{id}.{FreshCheckout.Version}.nupkg")));
        Assert.That(symbols, Is.EquivalentTo(expected.Select(id => $"{id}.{FreshCheckout.Version}.snupkg")));
    }

    [TestCaseSource(nameof(Libraries))]
    public void A_library_package_has_metadata_docs_and_minimum_versions_of_our_other_packages(string library)
    {
        using var zip = ZipFile.OpenRead(Package(library));
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.That(entries, Does.Contain($"lib/net10.0/{library}.dll").And.Contain($"lib/net10.0/{library}.xml"));

        var metadata = Metadata(zip, library, out var ns);
        Assert.That(metadata.Element(ns + "license")?.Value, Is.EqualTo("MIT"));
        Assert.That(metadata.Element(ns + "description")?.Value, Is.Not.Empty);

        // Our packages share no internals: each depends on the others through their public surface, at a minimum version.
        var ours = metadata.Descendants(ns + "dependency").Where(d => d.Attribute("id")!.Value.StartsWith("FluxImaging", StringComparison.Ordinal)).ToList();
        Assert.That(ours.Select(d => d.Attribute("version")!.Value), Has.All.EqualTo(FreshCheckout.Version));
    }

    [TestCaseSource(nameof(PackagesWithTheirReadmes))]
    public void Every_package_shows_its_own_readme_and_the_icon(string id, string readme)
    {
        using var zip = ZipFile.OpenRead(Package(id));
        var metadata = Metadata(zip, id, out var ns);

        Assert.That(metadata.Element(ns + "readme")?.Value, Is.EqualTo("README.md"));
        Assert.That(Read(zip, "README.md"), Is.EqualTo(File.ReadAllText(Path.Combine(FreshCheckout.Clone, readme))));
        Assert.That(Read(zip, "README.md"), Does.StartWith($"# {id}"), "the package's own page, not the repository's");
        Assert.That(metadata.Element(ns + "icon")?.Value, Is.EqualTo("icon.png"));
        using var icon = new MemoryStream();
        zip.GetEntry("icon.png")!.Open().CopyTo(icon);
        Assert.That(icon.ToArray().AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
    }

    [TestCaseSource(nameof(Libraries))]
    public void SourceLink_points_the_symbols_at_the_repository_named_at_pack_time(string library)
    {
        using (var zip = ZipFile.OpenRead(Package(library)))
        {
            var repository = Metadata(zip, library, out var ns).Element(ns + "repository")!;
            Assert.That((repository.Attribute("url")?.Value, repository.Attribute("commit")?.Value), Is.EqualTo((FreshCheckout.ForkRepositoryUrl, FreshCheckout.Commit)));
        }

        using var symbols = ZipFile.OpenRead(Path.ChangeExtension(Package(library), ".snupkg"));
        using var pdb = new MemoryStream();
        symbols.GetEntry($"lib/net10.0/{library}.pdb")!.Open().CopyTo(pdb);
        pdb.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdb);
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation).Single(c => reader.GetGuid(c.Kind) == SourceLinkKind);
        var documents = JsonDocument.Parse(reader.GetBlobBytes(sourceLink.Value)).RootElement.GetProperty("documents");

        var urls = documents.EnumerateObject().Select(d => d.Value.GetString()).ToList();
        Assert.That(urls, Is.EqualTo(new[] { $"https://raw.githubusercontent.com/example-owner/fluximaging-fork/{FreshCheckout.Commit}/*" }));
    }

    [Test]
    public async Task A_fresh_console_app_generates_an_image_from_the_packages()
    {
        var app = await PackageConsumer.CreateAsync("Consumer", "FluxImaging", "FluxImaging.Voodoohop", "FluxImaging.Testing");
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

        var output = await Processes.DotnetAsync(app, "run", "--", Path.Combine(app, "images"));

        var saved = output.Split('\n').Single(l => l.StartsWith("SAVED ", StringComparison.Ordinal)).Trim();
        Assert.That(saved, Does.EndWith("SEED 42"));
        var path = saved["SAVED ".Length..saved.IndexOf(" SEED", StringComparison.Ordinal)];
        Assert.That((await File.ReadAllBytesAsync(path)).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
    }

    private static IEnumerable<TestCaseData> PackagesWithTheirReadmes() =>
        Libraries.Select(l => new TestCaseData(l, $"src/{l}/README.md").SetArgDisplayNames(l))
            .Append(new TestCaseData("FluxImaging.Cli", "samples/FluxImaging.Cli/README.md").SetArgDisplayNames("FluxImaging.Cli"));

    private static XElement Metadata(ZipArchive zip, string id, out XNamespace ns)
    {
        var nuspec = XDocument.Load(zip.GetEntry($"{id}.nuspec")!.Open());
        ns = nuspec.Root!.Name.Namespace;
        return nuspec.Root.Element(ns + "metadata")!;
    }

    private static string Read(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

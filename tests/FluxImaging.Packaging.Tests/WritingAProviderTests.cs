using System.Text.RegularExpressions;

namespace FluxImaging.Packaging.Tests;

/// <summary>
/// The README's "Writing a provider" example, built as a user would: in a project of its own, from the packed packages
/// only (no project reference, no internals), registered with AddProvider, and run.
/// </summary>
[TestFixture]
public sealed partial class WritingAProviderTests
{
    [Test]
    public async Task The_READMEs_provider_builds_from_the_packages_and_gets_routing_fallback_and_a_deadline_without_code_of_its_own()
    {
        var app = await PackageConsumer.CreateAsync("ProviderAuthor", "FluxImaging", "FluxImaging.Testing");
        await File.WriteAllTextAsync(Path.Combine(app, "RenderServiceProvider.cs"), ReadmeExample());
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program);

        var output = await Processes.DotnetAsync(app, "run");
        var lines = output.Split('\n').Select(l => l.Trim()).ToList();

        Assert.That(lines, Does.Contain("EVENT Reasoning Render Rendering"));
        Assert.That(lines, Does.Contain("EVENT ImageResponse Render image/png same"), "its events arrive, the image read through its client");
        Assert.That(lines, Does.Contain("ROUTE flux Broken,Render"), "its alias priority puts it behind the others");
        Assert.That(lines, Does.Contain("FALLBACK served by Render"), "a plain exception of the first provider hands over to it");
        Assert.That(lines, Does.Contain("ALLFAILED Broken:UpstreamError:InvalidOperationException Render:UpstreamError:"), "each provider's typed error is kept");
        Assert.That(lines, Does.Contain("DEADLINE Timeout Hanging"), "the deadline holds for a provider that enforces none");
    }

    private static string ReadmeExample()
    {
        var readme = File.ReadAllText(Path.Combine(FreshCheckout.Clone, "README.md"));
        var match = ExampleBlock().Match(readme);
        Assert.That(match.Success, Is.True, "the README's provider example is marked and fenced");
        return match.Groups["code"].Value;
    }

    [GeneratedRegex(@"<!-- example: RenderServiceProvider\.cs[^\n]*-->\n```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    private const string Program = """
        using System.Runtime.CompilerServices;
        using Example.RenderService;
        using FluxImaging;
        using FluxImaging.Providers;
        using FluxImaging.Testing;
        using FluxImaging.Testing.Imaging;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var failing = false;
        await using var upstream = await EmulatorHost.StartAsync(routes => routes.MapGet("/render", () =>
            failing ? Results.StatusCode(500) : Results.Bytes(PngImage.Render("render", 7, 7, 7), "image/png")));

        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o => { o.Retry.MaxAttempts = 1; o.Timeouts.Generation = TimeSpan.FromSeconds(2); })
            .AddProvider<RenderServiceProvider, RenderServiceOptions>("Render", o => o.Endpoint = upstream.BaseAddress)
            .AddProvider<BrokenProvider>("Broken")
            .AddProvider<HangingProvider>();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<FluxImagingClient>();

        await foreach (var e in client.GenerateAsync(new ImageRequest("a lighthouse") { Model = "render-1" }))
        {
            if (e is ImageResponse done)
            {
                var same = (await done.Images[0].ReadAllBytesAsync()).Span.SequenceEqual(PngImage.Render("render", 7, 7, 7));
                Console.WriteLine($"EVENT ImageResponse {done.Provider} {done.Images[0].MediaType} {(same ? "same" : "different")}");
            }
            else if (e is Reasoning r)
            {
                Console.WriteLine($"EVENT Reasoning {r.Provider} {r.Status}");
            }
        }

        Console.WriteLine($"ROUTE flux {string.Join(",", client.ResolveProviders("flux").Select(p => p.Name))}");
        var served = await client.GenerateImageAsync("a lighthouse", "flux");
        Console.WriteLine($"FALLBACK served by {served.Provider}");

        failing = true;
        try
        {
            await client.GenerateImageAsync("a lighthouse", "flux");
        }
        catch (FluxImagingException ex)
        {
            Console.WriteLine($"ALLFAILED {string.Join(" ", ex.ProviderErrors.Select(p => $"{p.Provider}:{p.Kind}:{(p.InnerException is { } inner and not FluxImagingException ? inner.GetType().Name : string.Empty)}"))}");
        }

        try
        {
            await client.GenerateImageAsync("a lighthouse", "hanging-1");
        }
        catch (FluxImagingException ex)
        {
            Console.WriteLine($"DEADLINE {ex.Kind} {ex.Provider}");
        }

        /// <summary>Throws what any HTTP-less code might: no FluxImagingException, no deadline, nothing of its own.</summary>
        sealed class BrokenProvider(ImageProviderContext<ImageProviderOptions> context) : IImageProvider
        {
            public string Name => context.Name;
            public string Label => "Broken";
            public ImageProviderModels Models { get; } = new("broken-1", aliases: [new ModelAlias("flux", 100)]);
            public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Yield();
                yield return new Reasoning(Name, Models.DefaultModel, "Starting");
                throw new InvalidOperationException("the model file is missing");
            }
        }

        /// <summary>Never answers, and never looks at the clock.</summary>
        sealed class HangingProvider(ImageProviderContext<ImageProviderOptions> context) : IImageProvider
        {
            public string Name => context.Name;
            public string Label => "Hanging";
            public ImageProviderModels Models { get; } = new("hanging-1");
            public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                yield break;
            }
        }
        """;
}

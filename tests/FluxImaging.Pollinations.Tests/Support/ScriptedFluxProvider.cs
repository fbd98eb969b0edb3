using System.Runtime.CompilerServices;
using FluxImaging.Providers;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Pollinations.Tests.Support;

/// <summary>What the scripted provider does, shared through dependency injection.</summary>
public sealed class FluxScript
{
    private int _calls;

    /// <summary>Throw a plain exception (not a FluxImagingException) before any image.</summary>
    public bool Fail { get; set; }

    public int Calls => _calls;

    internal void Called() => Interlocked.Increment(ref _calls);
}

/// <summary>
/// Another provider of <c>flux</c>, registered with the public <c>AddProvider</c> like anyone's, at priority 0 — the
/// default a third party gets, and still above Pollinations.
/// </summary>
public sealed class ScriptedFluxProvider(ImageProviderContext<ImageProviderOptions> context, FluxScript script) : IImageProvider
{
    public string Name => context.Name;

    public string Label => "Scripted flux";

    public ImageProviderModels Models { get; } = new("scripted-flux", aliases: ["flux"]);

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default) => RunAsync(request, cancellationToken);

    private async IAsyncEnumerable<ImageEvent> RunAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        script.Called();
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (script.Fail)
        {
            throw new InvalidOperationException("the scripted provider broke");
        }

        yield return new ImageResponse(Name, Models.DefaultModel, [new GeneratedImage(PngImage.Render(request.Prompt, 1, 8, 8), "image/png")]);
    }
}

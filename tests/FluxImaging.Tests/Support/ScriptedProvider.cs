using System.Runtime.CompilerServices;

namespace FluxImaging.Tests.Support;

/// <summary>A provider that plays back a script of events and failures, and counts how often it was run.</summary>
internal sealed class ScriptedProvider(string name, ImageProviderModels models, params Func<ScriptedProvider, ImageEvent?>[] script) : IImageProvider
{
    private int _runs;

    public string Name => name;

    public string Label => $"{name} (scripted)";

    public ImageProviderModels Models => models;

    public int Runs => _runs;

    public ImageRequest? LastRequest { get; private set; }

    public static ImageProviderModels Flux(string id, params ModelAlias[] aliases) => new(id, aliases: aliases);

    public Reasoning Status(string text) => new(Name, Models.DefaultModel, text);

    public ImagePreview Preview() => new(Name, Models.DefaultModel, [new GeneratedImage(new Uri("https://example.test/preview.webp"))]);

    public ImageResponse Final() => new(Name, Models.DefaultModel, [new GeneratedImage(new Uri("https://example.test/final.webp"))]) { Seed = 42 };

    public static Func<ScriptedProvider, ImageEvent?> Fail(FluxImagingErrorKind kind, string message = "scripted failure") =>
        p => throw new FluxImagingException(kind, message, p.Name);

    public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _runs);
        LastRequest = request;
        foreach (var step in script)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            if (step(this) is { } imageEvent)
            {
                yield return imageEvent;
            }
        }
    }
}

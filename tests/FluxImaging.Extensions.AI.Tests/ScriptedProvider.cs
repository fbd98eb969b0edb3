using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace FluxImaging.Extensions.AI.Tests;

/// <summary>
/// A provider that answers every generation with the images it was given and records what it was asked: for the
/// behaviours that depend on what an upstream returns (its formats), not on how it is reached.
/// </summary>
internal sealed class ScriptedProvider(params GeneratedImage[] images) : IImageProvider
{
    public const string ProviderName = "Scripted";

    public string Name => ProviderName;

    public string Label => "Scripted images";

    public ImageProviderModels Models { get; } = new("scripted-model");

    public ConcurrentQueue<ImageRequest> Requests { get; } = new();

    /// <summary>A client over this provider alone, whose default model is the provider's.</summary>
    public FluxImagingClient Client() => new([this], Options.Create(new FluxImagingOptions { DefaultModel = Models.DefaultModel }));

    public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(request);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return new ImageResponse(Name, Models.Resolve(request.Model), images);
    }

    /// <summary>The first bytes of a WebP file (RIFF container, WEBP form), enough for format detection.</summary>
    public static byte[] WebP() => [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8, 0x18, 0, 0, 0];

    /// <summary>The PNG signature followed by the start of an IHDR chunk.</summary>
    public static byte[] Png() => [0x89, .. "PNG"u8, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, .. "IHDR"u8];

    /// <summary>The JPEG start-of-image marker and a JFIF APP0 segment header.</summary>
    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0];
}

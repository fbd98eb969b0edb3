using FluxImaging.Providers;
using System.Runtime.CompilerServices;

namespace FluxImaging.Server.Tests.Support;

/// <summary>
/// An editing model that takes up to two images and a mask — no provider that ships takes a mask — registered by a
/// test next to the real ones. It records each request in the <see cref="EditRecorder"/> and answers with its first
/// input image unchanged.
/// </summary>
internal sealed class MaskEditingProvider(ImageProviderContext<ImageProviderOptions> context, EditRecorder recorder) : IImageProvider
{
    public const string ProviderName = "MaskEditor";

    public const string Model = "mask-editor";

    public string Name => context.Name;

    public string Label => "A mask-taking editor (test double)";

    public ImageProviderModels Models { get; } = new(Model) { ImageInput = ImageInputSupport.Required, MaxInputImages = 2, AcceptsMask = true };

    public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await recorder.ArriveAsync(request, cancellationToken);
        var input = request.InputImages[0];
        yield return new ImageResponse(Name, Model, [new GeneratedImage(input.Data, input.MediaType)]);
    }
}

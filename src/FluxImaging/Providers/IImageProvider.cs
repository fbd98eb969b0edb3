namespace FluxImaging;

/// <summary>
/// One upstream image service. Implementations are thread-safe singletons; each call to <see cref="GenerateAsync"/> is
/// an independent generation.
/// </summary>
public interface IImageProvider
{
    /// <summary>The name used in configuration and routing (for example <c>BlackForestLabs</c>).</summary>
    string Name { get; }

    /// <summary>A human-readable label (for example <c>BlackForestLabs Flux-1-Dev</c>).</summary>
    string Label { get; }

    /// <summary>The models this provider serves, with their aliases.</summary>
    ImageProviderModels Models { get; }

    /// <summary>
    /// Generates images for <paramref name="request"/> as a stream of events that ends with one <see cref="ImageResponse"/>.
    /// </summary>
    /// <remarks>
    /// The stream is lazy: nothing is sent upstream before the first <c>MoveNextAsync</c>. Failures surface as
    /// <see cref="FluxImagingException"/> from <c>MoveNextAsync</c>; cancellation as <see cref="OperationCanceledException"/>.
    /// </remarks>
    /// <param name="request">What to generate.</param>
    /// <param name="cancellationToken">Cancels the generation, including the upstream job where the protocol allows.</param>
    /// <returns>The events of the generation.</returns>
    IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default);
}

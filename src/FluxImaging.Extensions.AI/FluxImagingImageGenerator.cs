using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI;

/// <summary>
/// An <see cref="IImageGenerator"/> over a <see cref="FluxImagingClient"/>. Options map as follows: <c>ModelId</c> →
/// model or alias, <c>ImageSize</c> → width and height, <c>Count</c> → number of final images, <c>ResponseFormat</c> →
/// <see cref="UriContent"/> (<c>Uri</c>) or <see cref="DataContent"/> (<c>Data</c>), and <c>AdditionalProperties</c>
/// <c>steps</c>, <c>guidance_scale</c>, <c>seed</c>, <c>negative_prompt</c>, <c>aspect_ratio</c>, <c>provider</c>
/// (the rest are passed to the provider as extras). <c>MediaType</c> is not sent upstream; each content's media type is
/// the image's real one. A raw representation factory may supply a whole <see cref="ImageRequest"/> that the options
/// then fill in. <c>OriginalImages</c> (from <c>EditImageAsync</c>) become the request's input images, so edits go to
/// models that take them (FLUX.1 Kontext); a model that takes none refuses them with an <c>InvalidRequest</c>.
/// </summary>
/// <remarks>
/// Cross-cutting behaviour (logging, OpenTelemetry, default options) is not built in: it belongs to the caller's
/// <see cref="ImageGeneratorBuilder"/> pipeline, which finds this generator's <see cref="ImageGeneratorMetadata"/>
/// through <see cref="GetService"/>.
/// </remarks>
internal sealed class FluxImagingImageGenerator : IImageGenerator
{
    /// <summary>The provider name in <see cref="ImageGeneratorMetadata"/>, which OpenTelemetry reports as <c>gen_ai.provider.name</c>.</summary>
    public const string ProviderName = "fluximaging";

    private readonly FluxImagingClient _client;
    private readonly string? _defaultModel;

    // No provider URI: one generation may be served by any of several upstreams (the client falls back from one to the
    // next), so a single endpoint here would put a wrong server.address on most spans. FluxImaging's own spans name
    // the provider that actually ran.
    private readonly ImageGeneratorMetadata _metadata;

    public FluxImagingImageGenerator(FluxImagingClient client, string? defaultModel)
    {
        _client = client;
        _defaultModel = defaultModel;
        _metadata = new ImageGeneratorMetadata(ProviderName, providerUri: null, defaultModelId: defaultModel ?? client.DefaultModel);
    }

    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var imageRequest = ImageRequestFromOptions.Create(request.Prompt, options, options?.RawRepresentationFactory?.Invoke(this), _defaultModel);
        if (imageRequest.InputImages.Count == 0 && request.OriginalImages is { } originals)
        {
            // Edits and variations: the images go to the model as input images (a raw request's own ones win).
            imageRequest = imageRequest with { InputImages = await OriginalImages.ReadAsync(originals, cancellationToken).ConfigureAwait(false) };
        }

        var contents = new List<AIContent>(imageRequest.Count);
        var responses = new List<ImageResponse>();

        // Most providers return one image per generation: run as many as it takes to give the caller Count images.
        while (contents.Count < imageRequest.Count)
        {
            var missing = imageRequest.Count - contents.Count;
            var response = await _client.GenerateImageAsync(imageRequest with { Count = missing }, cancellationToken).ConfigureAwait(false);
            responses.Add(response);
            foreach (var image in response.Images.Take(missing))
            {
                contents.Add(await GeneratedImageContent.CreateAsync(image, options?.ResponseFormat, cancellationToken).ConfigureAwait(false));
            }
        }

        return new ImageGenerationResponse(contents) { RawRepresentation = responses };
    }

    /// <summary>
    /// As Microsoft's own adapters: nothing for a keyed request; the metadata for <see cref="ImageGeneratorMetadata"/>;
    /// the underlying client for exactly <see cref="FluxImagingClient"/>; this generator for any type it is
    /// (<see cref="IImageGenerator"/>, <see cref="IDisposable"/>, <see cref="object"/>); nothing otherwise.
    /// </summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ImageGeneratorMetadata) ? _metadata
            : serviceType == typeof(FluxImagingClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The client belongs to whoever created it (usually the DI container), and outlives this view of it.
    }
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI;

/// <summary>
/// An <see cref="IImageGenerator"/> over a <see cref="FluxImagingClient"/>. Options map as follows: <c>ModelId</c> →
/// model or alias, <c>ImageSize</c> → width and height, <c>Count</c> → number of final images, <c>ResponseFormat</c> →
/// <see cref="UriContent"/> (<c>Uri</c>) or <see cref="DataContent"/> (<c>Data</c>), and <c>AdditionalProperties</c>
/// <c>steps</c>, <c>guidance_scale</c>, <c>seed</c>, <c>negative_prompt</c>, <c>aspect_ratio</c>, <c>provider</c>
/// (the rest are passed to the provider as extras). A raw representation factory may supply a whole
/// <see cref="ImageRequest"/> that the options then fill in.
/// </summary>
internal sealed class FluxImagingImageGenerator(FluxImagingClient client, string? defaultModel) : IImageGenerator
{
    private readonly ImageGeneratorMetadata _metadata = new("FluxImaging", providerUri: null, defaultModelId: defaultModel ?? client.DefaultModel);

    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OriginalImages?.Any() == true)
        {
            throw new NotSupportedException("FluxImaging generates images from text; editing existing images is not supported.");
        }

        var imageRequest = ToImageRequest(request.Prompt, options);
        var contents = new List<AIContent>(imageRequest.Count);
        var responses = new List<ImageResponse>();
        while (contents.Count < imageRequest.Count)
        {
            var response = await client.GenerateImageAsync(imageRequest with { Count = imageRequest.Count - contents.Count }, cancellationToken).ConfigureAwait(false);
            responses.Add(response);
            foreach (var image in response.Images.Take(imageRequest.Count - contents.Count))
            {
                contents.Add(await ToContentAsync(image, options?.ResponseFormat, cancellationToken).ConfigureAwait(false));
            }
        }

        return new ImageGenerationResponse(contents) { RawRepresentation = responses };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ImageGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(client) ? client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        // The client belongs to whoever created it (usually the DI container).
    }

    internal ImageRequest ToImageRequest(string? prompt, ImageGenerationOptions? options)
    {
        var request = options?.RawRepresentationFactory?.Invoke(this) as ImageRequest
            ?? new ImageRequest(string.IsNullOrWhiteSpace(prompt) ? throw new ArgumentException("The image generation request has no prompt.", nameof(prompt)) : prompt);
        if (options is null)
        {
            return request.Model is null && defaultModel is not null ? request with { Model = defaultModel } : request;
        }

        var extras = new Dictionary<string, object?>(request.AdditionalProperties);
        var properties = options.AdditionalProperties ?? [];
        foreach (var (key, value) in properties)
        {
            if (key is not ("steps" or "num_inference_steps" or "guidance" or "guidance_scale" or "seed" or "negative_prompt" or "aspect_ratio" or "provider"))
            {
                extras[key] = value;
            }
        }

        return request with
        {
            Model = request.Model ?? options.ModelId ?? defaultModel,
            Width = request.Width ?? (options.ImageSize is { } size ? size.Width : null),
            Height = request.Height ?? (options.ImageSize is { } size2 ? size2.Height : null),
            Count = options.Count ?? request.Count,
            Steps = request.Steps ?? (Number(properties, "steps", "num_inference_steps") is { } steps ? (int)steps : null),
            GuidanceScale = request.GuidanceScale ?? Number(properties, "guidance_scale", "guidance"),
            Seed = request.Seed ?? (Number(properties, "seed") is { } seed ? (long)seed : null),
            NegativePrompt = request.NegativePrompt ?? Text(properties, "negative_prompt"),
            AspectRatio = request.AspectRatio ?? Text(properties, "aspect_ratio"),
            Provider = request.Provider ?? Text(properties, "provider"),
            AdditionalProperties = extras,
        };
    }

    private static async Task<AIContent> ToContentAsync(GeneratedImage image, ImageGenerationResponseFormat? format, CancellationToken cancellationToken)
    {
        if (format != ImageGenerationResponseFormat.Data && image.Uri is { Scheme: "http" or "https" } uri)
        {
            return new UriContent(uri, image.MediaType ?? MediaTypeOf(uri)) { RawRepresentation = image };
        }

        var bytes = await image.ReadAllBytesAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = ImageFormats.TrySniff(bytes.Span, out var sniffed, out _) ? sniffed : image.MediaType ?? "image/png";
        return new DataContent(bytes, mediaType) { RawRepresentation = image };
    }

    private static string MediaTypeOf(Uri uri) => Path.GetExtension(uri.AbsolutePath).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        _ => "image/png",
    };

    private static double? Number(AdditionalPropertiesDictionary properties, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (properties.TryGetValue(key, out var value))
            {
                return value switch
                {
                    null => null,
                    JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
                    JsonElement { ValueKind: JsonValueKind.String } element => double.Parse(element.GetString()!, CultureInfo.InvariantCulture),
                    string text => double.Parse(text, CultureInfo.InvariantCulture),
                    IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
                    _ => throw new ArgumentException($"The additional property '{key}' must be a number."),
                };
            }
        }

        return null;
    }

    private static string? Text(AdditionalPropertiesDictionary properties, string key) =>
        properties.TryGetValue(key, out var value) ? value switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;
}

using FluxImaging.Server.Api.Fields;
using FluxImaging.Server.Safety;

namespace FluxImaging.Server.Api;

/// <summary>
/// A parsed request for images: the tolerant union of OpenAI's fields and gpt4free's extensions, each checked with an
/// error that names the field, whatever the body's encoding (<see cref="IRequestFields"/>). <c>api_key</c> and
/// <c>proxy</c> are ignored: an inbound request never supplies upstream credentials.
/// </summary>
internal sealed record GenerationRequest(
    ImageRequest Request,
    int Count,
    string? ResponseFormat,
    bool DownloadMedia,
    bool Stream,
    int? PartialImages,
    string Size)
{
    /// <summary>Parses a JSON body in place (the document reads <paramref name="body"/> itself, no copy).</summary>
    public static (GenerationRequest? Request, ApiError? Error) Parse(ReadOnlyMemory<byte> body, string? pathProvider, ServerOptions options, EchoLimits echo) =>
        JsonRequestBody.TryRead(body, echo, root => Read(new JsonRequestFields(root), pathProvider, options, echo), out var request) is { } error
            ? (null, error)
            : (request, null);

    /// <summary>The 400 a field's fault is answered with; the message may quote the client's value, so it is made safe to repeat.</summary>
    public static ApiError Invalid(RequestFieldException fault, EchoLimits echo) =>
        ApiError.Invalid(echo.Message(fault.Message), echo.OptionalValue(fault.Field), fault.Code);

    /// <summary>Reads every field a generation or an edit shares; throws <see cref="RequestFieldException"/> for the first one at fault.</summary>
    public static GenerationRequest Read(IRequestFields fields, string? pathProvider, ServerOptions options, EchoLimits echo)
    {
        var maxImages = options.MaxImages;
        var prompt = fields.BoundedString("prompt", options.MaxPromptLength);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new RequestFieldException("prompt", "'prompt' is required and must be a non-empty string.");
        }

        var n = fields.Int("n") ?? 1;
        if (n < 1 || n > maxImages)
        {
            throw new RequestFieldException("n", $"'n' must be between 1 and {maxImages}.");
        }

        int? width = Positive(fields, "width");
        int? height = Positive(fields, "height");
        var size = fields.String("size");
        if (size is not null && !size.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            var parts = size.Split('x', 'X');
            if (parts is not [var w, var h] || !int.TryParse(w, out var sw) || !int.TryParse(h, out var sh) || sw <= 0 || sh <= 0)
            {
                throw new RequestFieldException("size", "'size' must look like 1024x1024, or be 'auto'.");
            }

            // Explicit width/height win over size, each on its own.
            width ??= sw;
            height ??= sh;
        }

        var aspectRatio = fields.String("aspect_ratio");
        if (aspectRatio is not null && !AspectRatios.TryGetSize(aspectRatio, out _))
        {
            throw new RequestFieldException("aspect_ratio", $"Unknown 'aspect_ratio' {echo.Value(aspectRatio)}; known: {string.Join(", ", AspectRatios.Known)}.");
        }

        var responseFormat = fields.String("response_format");
        if (responseFormat is not (null or "url" or "b64_json"))
        {
            throw new RequestFieldException("response_format", "'response_format' must be \"url\", \"b64_json\" or null.");
        }

        var partialImages = fields.Int("partial_images");
        if (partialImages is < 0 or > 3)
        {
            throw new RequestFieldException("partial_images", "'partial_images' must be between 0 and 3.");
        }

        var extras = new Dictionary<string, object?>();
        if (fields.Bool("randomize_seed") is { } randomize)
        {
            extras["randomize_seed"] = randomize;
        }

        var provider = pathProvider ?? fields.String("provider");
        ImageRequest request;
        try
        {
            request = new ImageRequest(prompt)
            {
                Model = fields.String("model"),
                Provider = string.IsNullOrWhiteSpace(provider) ? null : provider,
                Width = width,
                Height = height,
                AspectRatio = aspectRatio,
                Seed = fields.Long("seed"),
                GuidanceScale = fields.Double("guidance_scale"),
                Steps = fields.Int("num_inference_steps") ?? fields.Int("steps"),
                NegativePrompt = fields.String("negative_prompt"),
                AdditionalProperties = extras,
            };
        }
        catch (ArgumentException ex)
        {
            throw new RequestFieldException(ex.ParamName?.ToLowerInvariant(), ex.Message);
        }

        var sizeText = width is not null && height is not null ? $"{width}x{height}" : "auto";
        return new GenerationRequest(request, n, responseFormat, fields.Bool("download_media") ?? true, fields.Bool("stream") ?? false, partialImages, sizeText);
    }

    private static int? Positive(IRequestFields fields, string name) =>
        fields.Int(name) is { } value ? value > 0 ? value : throw new RequestFieldException(name, $"'{name}' must be positive.") : null;
}

using System.Text.Json;

namespace FluxImaging.Server.Api;

/// <summary>
/// A parsed <c>POST /v1/images/generations</c> body: the tolerant union of OpenAI's fields and gpt4free's extensions,
/// each checked with an error that names the field. <c>api_key</c> and <c>proxy</c> are ignored: an inbound request
/// never supplies upstream credentials.
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
    public static (GenerationRequest? Request, ApiError? Error) Parse(ReadOnlySpan<byte> body, string? pathProvider, int maxImages)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            return (null, ApiError.Invalid("The request body is not valid JSON."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiError.Invalid("The request body must be a JSON object."));
            }

            try
            {
                return (Read(root, pathProvider, maxImages), null);
            }
            catch (FieldException ex)
            {
                return (null, ApiError.Invalid(ex.Message, ex.Field));
            }
        }
    }

    private static GenerationRequest Read(JsonElement root, string? pathProvider, int maxImages)
    {
        var prompt = String(root, "prompt");
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new FieldException("prompt", "'prompt' is required and must be a non-empty string.");
        }

        var n = Int(root, "n") ?? 1;
        if (n < 1 || n > maxImages)
        {
            throw new FieldException("n", $"'n' must be between 1 and {maxImages}.");
        }

        int? width = Positive(root, "width");
        int? height = Positive(root, "height");
        var size = String(root, "size");
        if (size is not null && !size.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            var parts = size.Split('x', 'X');
            if (parts is not [var w, var h] || !int.TryParse(w, out var sw) || !int.TryParse(h, out var sh) || sw <= 0 || sh <= 0)
            {
                throw new FieldException("size", "'size' must look like 1024x1024, or be 'auto'.");
            }

            // Explicit width/height win over size, each on its own.
            width ??= sw;
            height ??= sh;
        }

        var aspectRatio = String(root, "aspect_ratio");
        if (aspectRatio is not null && !AspectRatios.TryGetSize(aspectRatio, out _))
        {
            throw new FieldException("aspect_ratio", $"Unknown 'aspect_ratio' {aspectRatio}; known: {string.Join(", ", AspectRatios.Known)}.");
        }

        var responseFormat = String(root, "response_format");
        if (responseFormat is not (null or "url" or "b64_json"))
        {
            throw new FieldException("response_format", "'response_format' must be \"url\", \"b64_json\" or null.");
        }

        var partialImages = Int(root, "partial_images");
        if (partialImages is < 0 or > 3)
        {
            throw new FieldException("partial_images", "'partial_images' must be between 0 and 3.");
        }

        var extras = new Dictionary<string, object?>();
        if (Bool(root, "randomize_seed") is { } randomize)
        {
            extras["randomize_seed"] = randomize;
        }

        var provider = pathProvider ?? String(root, "provider");
        ImageRequest request;
        try
        {
            request = new ImageRequest(prompt)
            {
                Model = String(root, "model"),
                Provider = string.IsNullOrWhiteSpace(provider) ? null : provider,
                Width = width,
                Height = height,
                AspectRatio = aspectRatio,
                Seed = Long(root, "seed"),
                GuidanceScale = Double(root, "guidance_scale"),
                Steps = Int(root, "num_inference_steps") ?? Int(root, "steps"),
                NegativePrompt = String(root, "negative_prompt"),
                AdditionalProperties = extras,
            };
        }
        catch (ArgumentException ex)
        {
            throw new FieldException(ex.ParamName?.ToLowerInvariant(), ex.Message);
        }

        var sizeText = width is not null && height is not null ? $"{width}x{height}" : "auto";
        return new GenerationRequest(request, n, responseFormat, Bool(root, "download_media") ?? true, Bool(root, "stream") ?? false, partialImages, sizeText);
    }

    private static JsonElement? Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? String(JsonElement root, string name) => Field(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new FieldException(name, $"'{name}' must be a string."),
    };

    private static bool? Bool(JsonElement root, string name) => Field(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new FieldException(name, $"'{name}' must be true or false."),
    };

    private static long? Long(JsonElement root, string name) => Field(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        _ => throw new FieldException(name, $"'{name}' must be an integer."),
    };

    private static int? Int(JsonElement root, string name) => Field(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) => number,
        _ => throw new FieldException(name, $"'{name}' must be an integer."),
    };

    private static int? Positive(JsonElement root, string name) =>
        Int(root, name) is { } value ? value > 0 ? value : throw new FieldException(name, $"'{name}' must be positive.") : null;

    private static double? Double(JsonElement root, string name) => Field(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value => value.GetDouble(),
        _ => throw new FieldException(name, $"'{name}' must be a number."),
    };

    private sealed class FieldException(string? name, string message) : Exception(message)
    {
        public string? Field => name;
    }
}

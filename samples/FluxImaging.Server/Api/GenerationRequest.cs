using System.Runtime.InteropServices;
using System.Text.Json;
using FluxImaging.Server.Safety;

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
    /// <summary>Parses a body in place (the document reads <paramref name="body"/> itself, no copy).</summary>
    public static (GenerationRequest? Request, ApiError? Error) Parse(ReadOnlyMemory<byte> body, string? pathProvider, ServerOptions options, EchoLimits echo)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
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
                return (Read(root, pathProvider, options, echo), null);
            }
            catch (FieldException ex)
            {
                return (null, ApiError.Invalid(echo.Message(ex.Message), echo.OptionalValue(ex.Field), ex.Code));
            }
        }
    }

    private static GenerationRequest Read(JsonElement root, string? pathProvider, ServerOptions options, EchoLimits echo)
    {
        var maxImages = options.MaxImages;
        var prompt = BoundedString(root, "prompt", options.MaxPromptLength);
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
            throw new FieldException("aspect_ratio", $"Unknown 'aspect_ratio' {echo.Value(aspectRatio)}; known: {string.Join(", ", AspectRatios.Known)}.");
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

    /// <summary>
    /// A string of at most <paramref name="maxLength"/> characters. The raw JSON is measured first: a string cannot have
    /// more characters than its encoded bytes, so a value within the limit is never refused, and an oversized one is
    /// refused without being decoded when even six bytes per character (<c>\uXXXX</c>) could not fit it.
    /// </summary>
    private static string? BoundedString(JsonElement root, string name, int maxLength)
    {
        if (Field(root, name) is { ValueKind: JsonValueKind.String } value)
        {
            var text = JsonMarshal.GetRawUtf8Value(value).Length - 2 <= 6L * maxLength ? value.GetString()! : null;
            return text is not null && text.Length <= maxLength
                ? text
                : throw new FieldException(name, $"'{name}' is longer than {maxLength:N0} characters.", "string_above_max_length");
        }

        return String(root, name);
    }

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

    private sealed class FieldException(string? name, string message, string? code = null) : Exception(message)
    {
        public string? Field => name;

        public string? Code => code;
    }
}

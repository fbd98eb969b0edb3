using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace FluxImaging.Extensions.AI;

/// <summary>
/// Turns a prompt and <see cref="ImageGenerationOptions"/> into an <see cref="ImageRequest"/>. As in Microsoft's own
/// adapters, a request from <see cref="ImageGenerationOptions.RawRepresentationFactory"/> is the starting point and the
/// options only fill in what it left unset.
/// </summary>
internal static class ImageRequestFromOptions
{
    /// <summary>Additional properties that become <see cref="ImageRequest"/> fields rather than provider extras.</summary>
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "steps", "num_inference_steps", "guidance", "guidance_scale", "seed", "negative_prompt", "aspect_ratio", "provider",
    };

    /// <summary>Builds the request.</summary>
    /// <param name="prompt">The prompt of the <see cref="ImageGenerationRequest"/>; may be null when the raw request has one.</param>
    /// <param name="options">The caller's options.</param>
    /// <param name="raw">What the raw representation factory returned, if anything.</param>
    /// <param name="defaultModel">The model used when neither the raw request nor the options name one.</param>
    /// <returns>The request to send.</returns>
    public static ImageRequest Create(string? prompt, ImageGenerationOptions? options, object? raw, string? defaultModel)
    {
        var request = raw as ImageRequest
            ?? new ImageRequest(string.IsNullOrWhiteSpace(prompt)
                ? throw new ArgumentException("The image generation request has no prompt.", nameof(prompt))
                : prompt);
        if (options is null)
        {
            return request.Model is null && defaultModel is not null ? request with { Model = defaultModel } : request;
        }

        var properties = options.AdditionalProperties ?? [];
        var extras = new Dictionary<string, object?>(request.AdditionalProperties);
        foreach (var (key, value) in properties)
        {
            if (!Mapped.Contains(key))
            {
                extras[key] = value;
            }
        }

        // MediaType is deliberately not mapped: no FluxImaging upstream but OpenAI's GPT image models can choose an
        // output format, and the others (and OpenAI's DALL-E models) reject or ignore a field for it. The returned
        // contents say what each image really is instead (see GeneratedImageContent).
        return request with
        {
            Model = request.Model ?? options.ModelId ?? defaultModel,
            Width = request.Width ?? options.ImageSize?.Width,
            Height = request.Height ?? options.ImageSize?.Height,
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
                    JsonElement { ValueKind: JsonValueKind.String } element => Parse(key, element.GetString()!),
                    string text => Parse(key, text),
                    IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
                    _ => throw NotANumber(key),
                };
            }
        }

        return null;
    }

    private static double Parse(string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw NotANumber(key);

    private static ArgumentException NotANumber(string key) =>
        new($"The additional property '{key}' must be a number.");

    private static string? Text(AdditionalPropertiesDictionary properties, string key) =>
        properties.TryGetValue(key, out var value) ? value switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;
}

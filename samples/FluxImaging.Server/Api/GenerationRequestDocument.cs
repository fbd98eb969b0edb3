using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FluxImaging.Server.Api;

/// <summary>
/// The body of <c>POST /v1/images/generations</c> as the OpenAPI document shows it. The server parses bodies itself
/// (<see cref="GenerationRequest"/>, tolerant and field by field); this type only describes them.
/// </summary>
internal sealed record GenerationRequestDocument(
    [property: JsonPropertyName("prompt"), Required, Description("What the image should show. At most FluxImaging:Server:MaxPromptLength characters (32,000).")] string Prompt,
    [property: JsonPropertyName("model"), Description("A model id or alias from GET /v1/models; the configured default when absent.")] string? Model,
    [property: JsonPropertyName("n"), Description("How many images, 1 to FluxImaging:Server:MaxImages (4).")] int? N,
    [property: JsonPropertyName("size"), Description("WxH (1024x1024) or auto.")] string? Size,
    [property: JsonPropertyName("response_format"), Description("null: cached here, served from /media; url: the upstream URL; b64_json: the bytes.")] string? ResponseFormat,
    [property: JsonPropertyName("stream"), Description("Answer text/event-stream: image_generation.partial_image, image_generation.completed, error.")] bool? Stream,
    [property: JsonPropertyName("partial_images"), Description("Previews to stream, 0 to 3.")] int? PartialImages,
    [property: JsonPropertyName("width")] int? Width,
    [property: JsonPropertyName("height")] int? Height,
    [property: JsonPropertyName("aspect_ratio"), Description("1:1, 16:9, …; instead of size.")] string? AspectRatio,
    [property: JsonPropertyName("seed")] long? Seed,
    [property: JsonPropertyName("randomize_seed")] bool? RandomizeSeed,
    [property: JsonPropertyName("guidance_scale")] double? GuidanceScale,
    [property: JsonPropertyName("num_inference_steps")] int? NumInferenceSteps,
    [property: JsonPropertyName("negative_prompt")] string? NegativePrompt,
    [property: JsonPropertyName("provider"), Description("Pin one provider (or several, space-separated) by name.")] string? Provider,
    [property: JsonPropertyName("download_media"), Description("With response_format null: false returns the upstream URL.")] bool? DownloadMedia);

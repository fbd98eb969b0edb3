using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FluxImaging.Server.Api;

/// <summary>
/// The body of <c>POST /v1/images/generations</c> as the OpenAPI document shows it. The server parses bodies itself
/// (<see cref="GenerationRequest"/>, tolerant and field by field); this type only describes them. The optional fields
/// default to null, so the schema lists only <c>prompt</c> as required.
/// </summary>
internal sealed record GenerationRequestDocument(
    [property: JsonPropertyName("prompt"), Required, Description("What the image should show. At most FluxImaging:Server:MaxPromptLength characters (32,000).")] string Prompt,
    [property: JsonPropertyName("model"), Description("A model id or alias from GET /v1/models; the configured default when absent.")] string? Model = null,
    [property: JsonPropertyName("n"), Description("How many images, 1 to FluxImaging:Server:MaxImages (4).")] int? N = null,
    [property: JsonPropertyName("size"), Description("WxH (1024x1024) or auto.")] string? Size = null,
    [property: JsonPropertyName("response_format"), Description("null: cached here, served from /media; url: the upstream URL; b64_json: the bytes.")] string? ResponseFormat = null,
    [property: JsonPropertyName("stream"), Description("Answer text/event-stream: image_generation.partial_image, image_generation.completed, error.")] bool? Stream = null,
    [property: JsonPropertyName("partial_images"), Description("Previews to stream, 0 to 3.")] int? PartialImages = null,
    [property: JsonPropertyName("width")] int? Width = null,
    [property: JsonPropertyName("height")] int? Height = null,
    [property: JsonPropertyName("aspect_ratio"), Description("1:1, 16:9, …; instead of size.")] string? AspectRatio = null,
    [property: JsonPropertyName("seed")] long? Seed = null,
    [property: JsonPropertyName("randomize_seed")] bool? RandomizeSeed = null,
    [property: JsonPropertyName("guidance_scale")] double? GuidanceScale = null,
    [property: JsonPropertyName("num_inference_steps")] int? NumInferenceSteps = null,
    [property: JsonPropertyName("negative_prompt")] string? NegativePrompt = null,
    [property: JsonPropertyName("provider"), Description("Pin one provider (or several, space-separated) by name.")] string? Provider = null,
    [property: JsonPropertyName("download_media"), Description("With response_format null: false returns the upstream URL.")] bool? DownloadMedia = null);

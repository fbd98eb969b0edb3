using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FluxImaging.Server.Api.Edits;

/// <summary>
/// The form of <c>POST /v1/images/edits</c> as the OpenAPI document shows it. The server reads forms itself
/// (<see cref="EditForm"/>, and <see cref="EditJson"/> for JSON bodies); this type only describes them. The optional
/// fields default to null, so the schema lists only <c>image</c> and <c>prompt</c> as required.
/// </summary>
internal sealed record EditRequestDocument(
    [property: JsonPropertyName("image"), Required, Description("The PNG, JPEG, WebP or GIF file to edit. Several files: repeat the part as image[] (or image[0], image[1], …); the first is edited, and a model takes at most as many as it supports.")] IFormFile Image,
    [property: JsonPropertyName("prompt"), Required, Description("The edit to make. At most FluxImaging:Server:MaxPromptLength characters (32,000).")] string Prompt,
    [property: JsonPropertyName("mask"), Description("A mask for the first image (transparent pixels mark what to change); only for models that take one, else 400 (param mask).")] IFormFile? Mask = null,
    [property: JsonPropertyName("model"), Description("A model that takes an input image; FluxImaging:Server:DefaultEditModel (flux-kontext) when absent.")] string? Model = null,
    [property: JsonPropertyName("n"), Description("How many images, 1 to FluxImaging:Server:MaxImages (4).")] int? N = null,
    [property: JsonPropertyName("size"), Description("WxH or auto; models that keep the input's size ignore it.")] string? Size = null,
    [property: JsonPropertyName("response_format"), Description("null: cached here, served from /media; url: the upstream URL; b64_json: the bytes.")] string? ResponseFormat = null,
    [property: JsonPropertyName("stream"), Description("Answer text/event-stream: image_edit.partial_image, image_edit.completed, error.")] bool? Stream = null,
    [property: JsonPropertyName("partial_images"), Description("Previews to stream, 0 to 3.")] int? PartialImages = null,
    [property: JsonPropertyName("seed")] long? Seed = null,
    [property: JsonPropertyName("randomize_seed")] bool? RandomizeSeed = null,
    [property: JsonPropertyName("guidance_scale")] double? GuidanceScale = null,
    [property: JsonPropertyName("num_inference_steps")] int? NumInferenceSteps = null,
    [property: JsonPropertyName("provider"), Description("Pin one provider (or several, space-separated) by name.")] string? Provider = null);

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace FluxImaging.Server.Api.Edits;

/// <summary>The JSON body of <c>POST /v1/images/edits</c> as the OpenAPI document shows it (<see cref="EditJson"/> reads it).</summary>
internal sealed record EditJsonDocument(
    [property: JsonPropertyName("images"), Required, Description("The images, the first being edited: 1 to 16, each {\"image_url\": …}.")] IReadOnlyList<ImageUrlDocument> Images,
    [property: JsonPropertyName("prompt"), Required, Description("The edit to make.")] string Prompt,
    [property: JsonPropertyName("mask"), Description("A mask for the first image; only for models that take one.")] ImageUrlDocument? Mask = null,
    [property: JsonPropertyName("model")] string? Model = null,
    [property: JsonPropertyName("n")] int? N = null,
    [property: JsonPropertyName("size")] string? Size = null,
    [property: JsonPropertyName("response_format")] string? ResponseFormat = null,
    [property: JsonPropertyName("stream")] bool? Stream = null,
    [property: JsonPropertyName("partial_images")] int? PartialImages = null,
    [property: JsonPropertyName("seed")] long? Seed = null);

/// <summary>One image by URL. <c>file_id</c> is not taken: this server has no Files API.</summary>
internal sealed record ImageUrlDocument(
    [property: JsonPropertyName("image_url"), Required, Description("An http(s) URL (downloaded with the same guards as upstream images) or a base64 data: URL.")] string ImageUrl);

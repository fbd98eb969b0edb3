using System.Text.Json.Serialization;

namespace FluxImaging.Server.Api;

/// <summary>OpenAI's <c>ImagesResponse</c> plus gpt4free's <c>model</c> and <c>provider</c> (ignored by SDKs).</summary>
internal sealed record ImagesBody(
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("data")] IReadOnlyList<ImageItem> Data,
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("provider")] string? Provider);

/// <summary>One image: exactly one of <c>url</c> and <c>b64_json</c>, and the prompt as it was sent.</summary>
internal sealed record ImageItem(
    [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonPropertyName("b64_json"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Base64Json,
    [property: JsonPropertyName("revised_prompt")] string RevisedPrompt);

internal sealed record ErrorBody(
    [property: JsonPropertyName("error")] ErrorDetail Error,
    [property: JsonPropertyName("model"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Model,
    [property: JsonPropertyName("provider"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Provider);

/// <summary>All four keys are always present, as OpenAI's schema requires.</summary>
internal sealed record ErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

internal sealed record ModelList(
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("data")] IReadOnlyList<ModelItem> Data);

internal sealed record ModelItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy);

/// <summary>The <c>…partial_image</c> and <c>…completed</c> stream events of generations and edits.</summary>
internal sealed record StreamImageEvent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("b64_json")] string Base64Json,
    [property: JsonPropertyName("created_at")] long CreatedAt,
    [property: JsonPropertyName("size")] string Size,
    [property: JsonPropertyName("quality")] string Quality,
    [property: JsonPropertyName("background")] string Background,
    [property: JsonPropertyName("output_format")] string OutputFormat,
    [property: JsonPropertyName("partial_image_index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? PartialImageIndex,
    [property: JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StreamUsage? Usage);

internal sealed record StreamUsage(
    [property: JsonPropertyName("total_tokens")] int TotalTokens,
    [property: JsonPropertyName("input_tokens")] int InputTokens,
    [property: JsonPropertyName("output_tokens")] int OutputTokens,
    [property: JsonPropertyName("input_tokens_details")] StreamUsageDetails InputTokensDetails);

internal sealed record StreamUsageDetails(
    [property: JsonPropertyName("text_tokens")] int TextTokens,
    [property: JsonPropertyName("image_tokens")] int ImageTokens);

[JsonSerializable(typeof(ImagesBody))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(StreamImageEvent))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

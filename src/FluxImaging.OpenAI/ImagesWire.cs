using System.Text.Json.Serialization;

namespace FluxImaging.OpenAI;

/// <summary>The <c>ImagesResponse</c> of <c>POST /v1/images/generations</c>; unknown fields are ignored.</summary>
internal sealed class ImagesResponse
{
    [JsonPropertyName("created")]
    public long? Created { get; set; }

    [JsonPropertyName("data")]
    public List<ImageData?>? Data { get; set; }
}

/// <summary>One image: a URL, or base64 decoded by the serializer straight from the UTF-8 body into bytes (no string).</summary>
internal sealed class ImageData
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("b64_json")]
    public byte[]? Base64Json { get; set; }

    [JsonPropertyName("revised_prompt")]
    public string? RevisedPrompt { get; set; }
}

[JsonSerializable(typeof(ImagesResponse))]
internal sealed partial class OpenAIJsonContext : JsonSerializerContext;

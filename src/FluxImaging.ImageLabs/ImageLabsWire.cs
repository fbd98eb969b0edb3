using System.Text.Json;
using System.Text.Json.Serialization;

namespace FluxImaging.ImageLabs;

/// <summary>The answer to <c>POST /txt2img</c>: only <c>task_id</c> matters (a string, or a number on some deployments).</summary>
internal sealed class SubmitAnswer
{
    [JsonPropertyName("task_id")]
    public JsonElement TaskId { get; set; }
}

/// <summary>The answer to <c>POST /progress</c>; every field may be missing or null.</summary>
internal sealed class ProgressAnswer
{
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("progress")]
    public double? Progress { get; set; }

    [JsonPropertyName("final_image_url")]
    public string? FinalImageUrl { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }
}

/// <summary>The body of <c>POST /progress</c>.</summary>
internal sealed class PollRequest
{
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(SubmitAnswer))]
[JsonSerializable(typeof(ProgressAnswer))]
[JsonSerializable(typeof(PollRequest))]
internal sealed partial class ImageLabsJsonContext : JsonSerializerContext;

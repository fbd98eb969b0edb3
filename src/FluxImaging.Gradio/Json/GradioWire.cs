using System.Text.Json;
using System.Text.Json.Serialization;

namespace FluxImaging.Gradio.Json;

/// <summary>The parts of <c>GET /config</c> a client needs; every other field is ignored.</summary>
internal sealed class ConfigDocument
{
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("api_prefix")]
    public string? ApiPrefix { get; set; }

    [JsonPropertyName("protocol")]
    public string? Protocol { get; set; }

    [JsonPropertyName("root")]
    public string? Root { get; set; }

    [JsonPropertyName("space_id")]
    public string? SpaceId { get; set; }

    [JsonPropertyName("enable_queue")]
    public bool? EnableQueue { get; set; }

    [JsonPropertyName("components")]
    public List<ComponentDocument>? Components { get; set; }

    [JsonPropertyName("dependencies")]
    public List<DependencyDocument>? Dependencies { get; set; }
}

internal sealed class ComponentDocument
{
    [JsonPropertyName("id")]
    public int Id { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("props")]
    public ComponentProps? Props { get; set; }

    [JsonPropertyName("skip_api")]
    public bool? SkipApi { get; set; }
}

internal sealed class ComponentProps
{
    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonPropertyName("minimum")]
    public double? Minimum { get; set; }

    [JsonPropertyName("maximum")]
    public double? Maximum { get; set; }

    [JsonPropertyName("step")]
    public double? Step { get; set; }

    [JsonPropertyName("value")]
    public JsonElement Value { get; set; }
}

internal sealed class DependencyDocument
{
    [JsonPropertyName("id")]
    public int? Id { get; set; }

    /// <summary>A string without the leading slash, or <c>false</c>/<c>null</c> for unnamed functions.</summary>
    [JsonPropertyName("api_name")]
    public JsonElement ApiName { get; set; }

    [JsonPropertyName("inputs")]
    public List<int>? Inputs { get; set; }

    [JsonPropertyName("outputs")]
    public List<int>? Outputs { get; set; }

    [JsonPropertyName("targets")]
    public List<JsonElement>? Targets { get; set; }

    [JsonPropertyName("types")]
    public DependencyTypes? Types { get; set; }

    [JsonPropertyName("queue")]
    public bool? Queue { get; set; }
}

internal sealed class DependencyTypes
{
    [JsonPropertyName("generator")]
    public bool Generator { get; set; }
}

/// <summary>The answer to <c>POST /call/{api}</c> and <c>POST /queue/join</c>.</summary>
internal sealed class EventIdDocument
{
    [JsonPropertyName("event_id")]
    public string? EventId { get; set; }
}

/// <summary>
/// One message of the <c>/queue/data</c> stream; which fields are set depends on <see cref="Msg"/>. Read by
/// <see cref="QueueMessageReader"/> (one per frame, so not through the serializer); the attributes name the wire's fields.
/// </summary>
internal sealed class QueueMessage
{
    [JsonPropertyName("msg")]
    public string? Msg { get; set; }

    [JsonPropertyName("event_id")]
    public string? EventId { get; set; }

    [JsonPropertyName("rank")]
    public int? Rank { get; set; }

    [JsonPropertyName("queue_size")]
    public int? QueueSize { get; set; }

    [JsonPropertyName("rank_eta")]
    public double? RankEta { get; set; }

    [JsonPropertyName("eta")]
    public double? Eta { get; set; }

    /// <summary>The units of <c>progress_data</c> (<c>index</c>, <c>length</c>, <c>unit</c>, <c>progress</c>, <c>desc</c>), read straight into the public type.</summary>
    [JsonPropertyName("progress_data")]
    public GradioProgressUnit[]? ProgressData { get; set; }

    [JsonPropertyName("log")]
    public string? Log { get; set; }

    [JsonPropertyName("level")]
    public string? Level { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    // An output the reader checked but did not parse: most of a stream's bytes, parsed on first read, so frames whose
    // output nobody reads (another job's, previews after a broken one) cost a copy and no document.
    private byte[]? _outputJson;
    private JsonElement _output;

    [JsonPropertyName("output")]
    public JsonElement Output
    {
        get
        {
            if (_outputJson is { } json)
            {
                // The document lives as long as the element (outputs are kept as nodes over it), so it is not disposed.
                _output = JsonDocument.Parse(json).RootElement;
                _outputJson = null;
            }

            return _output;
        }

        set
        {
            _output = value;
            _outputJson = null;
        }
    }

    /// <summary>Keeps an output's JSON, already validated as part of the frame, to be parsed when it is first read.</summary>
    public void KeepOutput(byte[] json)
    {
        _outputJson = json;
        _output = default;
    }

    [JsonPropertyName("success")]
    public bool? Success { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("session_not_found")]
    public bool? SessionNotFound { get; set; }
}

/// <summary>The parts of <c>GET {prefix}/info</c> a client needs.</summary>
internal sealed class InfoDocument
{
    [JsonPropertyName("named_endpoints")]
    public Dictionary<string, EndpointDocument>? NamedEndpoints { get; set; }
}

internal sealed class EndpointDocument
{
    [JsonPropertyName("parameters")]
    public List<ParameterDocument>? Parameters { get; set; }

    [JsonPropertyName("returns")]
    public List<ReturnDocument>? Returns { get; set; }

    [JsonPropertyName("show_api")]
    public bool? ShowApi { get; set; }

    /// <summary>6.x: <c>public</c>, <c>undocumented</c> or <c>private</c>.</summary>
    [JsonPropertyName("api_visibility")]
    public string? ApiVisibility { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }
}

internal sealed class ParameterDocument
{
    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonPropertyName("parameter_name")]
    public string? ParameterName { get; set; }

    [JsonPropertyName("parameter_has_default")]
    public bool? ParameterHasDefault { get; set; }

    [JsonPropertyName("parameter_default")]
    public JsonElement ParameterDefault { get; set; }

    [JsonPropertyName("python_type")]
    public PythonTypeDocument? PythonType { get; set; }

    [JsonPropertyName("component")]
    public string? Component { get; set; }
}

internal sealed class ReturnDocument
{
    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonPropertyName("python_type")]
    public PythonTypeDocument? PythonType { get; set; }

    [JsonPropertyName("component")]
    public string? Component { get; set; }
}

internal sealed class PythonTypeDocument
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }
}

/// <summary>The answer of <c>GET /api/spaces/{id}/jwt</c>.</summary>
internal sealed class JwtAnswer
{
    [JsonPropertyName("token")]
    public string? Token { get; set; }
}

/// <summary>The parts of <c>GET /api/spaces/{id}</c> (and <c>/host</c>) a client needs.</summary>
internal sealed class SpaceInfoDocument
{
    [JsonPropertyName("host")]
    public string? Host { get; set; }

    [JsonPropertyName("subdomain")]
    public string? Subdomain { get; set; }

    [JsonPropertyName("runtime")]
    public SpaceRuntimeDocument? Runtime { get; set; }
}

internal sealed class SpaceRuntimeDocument
{
    [JsonPropertyName("stage")]
    public string? Stage { get; set; }

    [JsonPropertyName("hardware")]
    public SpaceHardwareDocument? Hardware { get; set; }

    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }
}

internal sealed class SpaceHardwareDocument
{
    [JsonPropertyName("current")]
    public string? Current { get; set; }

    [JsonPropertyName("requested")]
    public string? Requested { get; set; }
}

/// <summary>Source-generated serialization for every Gradio wire type (no reflection on the stream path).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = false, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(ConfigDocument))]
[JsonSerializable(typeof(InfoDocument))]
[JsonSerializable(typeof(JwtAnswer))]
[JsonSerializable(typeof(SpaceInfoDocument))]
[JsonSerializable(typeof(EventIdDocument))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonNode))]
internal sealed partial class GradioJsonContext : JsonSerializerContext;

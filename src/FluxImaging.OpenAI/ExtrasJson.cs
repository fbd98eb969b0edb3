using System.Text.Json.Serialization;

namespace FluxImaging.OpenAI;

/// <summary>Serialization of caller-supplied extras (primitive values).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
internal sealed partial class ExtrasJson : JsonSerializerContext;

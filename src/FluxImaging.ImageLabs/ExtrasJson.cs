using System.Text.Json.Serialization;

namespace FluxImaging.ImageLabs;

/// <summary>Serialization of caller-supplied extras (primitive values) and of the small poll body.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(decimal))]
internal sealed partial class ExtrasJson : JsonSerializerContext;

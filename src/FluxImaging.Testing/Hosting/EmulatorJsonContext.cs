using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FluxImaging.Testing;

/// <summary>Serialization metadata for the emulators' answers, generated at build time (see <see cref="EmulatorJson"/>).</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;

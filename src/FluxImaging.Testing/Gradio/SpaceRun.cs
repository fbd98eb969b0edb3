using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>What an emulated Space function receives: its inputs, the request's root URL, headers and any scripted fault.</summary>
internal sealed record SpaceRun(SpaceFunction Function, JsonArray Inputs, string Root, IReadOnlyDictionary<string, string> Headers, SpaceFault? Fault);

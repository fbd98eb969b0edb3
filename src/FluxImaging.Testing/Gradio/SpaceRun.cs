using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// What an emulated Space function receives: its inputs (one per dependency input, <c>gr.State</c> included), the
/// request's root URL, headers, the caller as ZeroGPU sees it, and any scripted fault.
/// </summary>
internal sealed record SpaceRun(SpaceFunction Function, JsonArray Inputs, string Root, IReadOnlyDictionary<string, string> Headers, SpaceFault? Fault)
{
    public ZeroGpuFault? ZeroGpu { get; init; }

    public ZeroGpuCaller Caller { get; init; }
}

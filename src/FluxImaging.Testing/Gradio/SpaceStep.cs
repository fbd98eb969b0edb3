using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>One thing an emulated Space function does while it runs.</summary>
internal abstract record SpaceStep
{
    /// <summary>A tqdm-style step.</summary>
    public sealed record Progress(int Index, int Length) : SpaceStep;

    /// <summary>A <c>gr.Info</c>/<c>gr.Warning</c> or ZeroGPU log line.</summary>
    public sealed record Log(string Text, string Level = "info", string Title = "Info") : SpaceStep;

    /// <summary>A generator yield: full values of every output.</summary>
    public sealed record Yield(JsonNode?[] Outputs) : SpaceStep;

    /// <summary>The final outputs.</summary>
    public sealed record Return(JsonNode?[] Outputs) : SpaceStep;

    /// <summary>A <c>gr.Error</c> (null text = a hidden exception with <c>show_error=False</c>).</summary>
    public sealed record Fail(string? Error, string? Title = "Error") : SpaceStep;
}

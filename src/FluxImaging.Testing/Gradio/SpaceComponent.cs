using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>A component of an emulated Space, as <c>/config</c> and <c>/info</c> describe it.</summary>
/// <param name="Id">The component id.</param>
/// <param name="Type">The Gradio type: <c>textbox</c>, <c>slider</c>, <c>checkbox</c>, <c>image</c>, <c>gallery</c>, <c>button</c>, <c>state</c>, …</param>
/// <param name="Label">The UI label.</param>
/// <param name="ParameterName">The Python parameter name, for <c>/info</c>.</param>
/// <param name="Value">The initial value; null means none, which makes the parameter required in <c>/info</c>.</param>
/// <param name="Minimum">The slider minimum, if a slider.</param>
/// <param name="Maximum">The slider maximum, if a slider.</param>
/// <param name="Step">The slider step, if a slider.</param>
internal sealed record SpaceComponent(int Id, string Type, string Label, string? ParameterName = null, JsonNode? Value = null, double? Minimum = null, double? Maximum = null, double? Step = null)
{
    public bool IsSlider => Type == "slider";

    /// <summary>Layout blocks and <c>gr.State</c> are not part of the API: <c>/info</c> omits them (<c>skip_api</c>).</summary>
    public bool SkipApi => Type is "state" or "row" or "column" or "accordion" or "group" or "tabs";

    /// <summary>Whether the Python function's default for this parameter is <c>None</c> (then <c>/info</c> says it has a null default).</summary>
    public bool PythonDefaultIsNone { get; init; }
}

/// <summary>A function (dependency) of an emulated Space.</summary>
internal sealed record SpaceFunction(int Id, string ApiName, IReadOnlyList<SpaceComponent> Inputs, IReadOnlyList<SpaceComponent> Outputs, IReadOnlyList<(int Component, string Event)> Targets, bool IsGenerator)
{
    /// <summary>The inputs a client names or passes on <c>/call</c> and sees in <c>/info</c> (no <c>gr.State</c>).</summary>
    public IReadOnlyList<SpaceComponent> ApiInputs => [.. Inputs.Where(i => !i.SkipApi)];
}

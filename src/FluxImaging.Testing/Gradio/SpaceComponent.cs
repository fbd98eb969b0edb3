using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>A component of an emulated Space, as <c>/config</c> and <c>/info</c> describe it.</summary>
/// <param name="Id">The component id.</param>
/// <param name="Type">The Gradio type: <c>textbox</c>, <c>slider</c>, <c>checkbox</c>, <c>image</c>, <c>button</c>, …</param>
/// <param name="Label">The UI label.</param>
/// <param name="ParameterName">The Python parameter name, for <c>/info</c>.</param>
/// <param name="Value">The default value.</param>
/// <param name="Minimum">The slider minimum, if a slider.</param>
/// <param name="Maximum">The slider maximum, if a slider.</param>
/// <param name="Step">The slider step, if a slider.</param>
internal sealed record SpaceComponent(int Id, string Type, string Label, string? ParameterName = null, JsonNode? Value = null, double? Minimum = null, double? Maximum = null, double? Step = null)
{
    public bool IsSlider => Type == "slider";
}

/// <summary>A function (dependency) of an emulated Space.</summary>
internal sealed record SpaceFunction(int Id, string ApiName, IReadOnlyList<SpaceComponent> Inputs, IReadOnlyList<SpaceComponent> Outputs, IReadOnlyList<(int Component, string Event)> Targets, bool IsGenerator);

using System.Text.Json;

namespace FluxImaging.Gradio;

/// <summary>One parameter of a named endpoint, as <c>/info</c> describes it, with its slider range from <c>/config</c>.</summary>
/// <param name="Name">The Python argument name (<c>parameter_name</c>), e.g. <c>prompt</c>; <c>param_{i}</c> when the app does not know it.</param>
/// <param name="Label">The label shown in the app.</param>
/// <param name="Component">The component, capitalised as <c>/info</c> writes it: <c>Textbox</c>, <c>Slider</c>, <c>Checkbox</c>, <c>Image</c>, …</param>
/// <param name="HasDefault">Whether the parameter may be left out (<c>parameter_has_default</c>).</param>
/// <param name="Default">The default (<c>parameter_default</c>; <see cref="JsonValueKind.Undefined"/> when none).</param>
/// <param name="PythonType">The Python type <c>/info</c> reports, e.g. <c>str</c>, <c>float</c>, <c>bool</c>, <c>filepath</c>.</param>
/// <param name="Minimum">A slider's minimum, from <c>/config</c>.</param>
/// <param name="Maximum">A slider's maximum, from <c>/config</c>.</param>
/// <param name="Step">A slider's step, from <c>/config</c>.</param>
public sealed record GradioParameter(
    string Name,
    string? Label,
    string Component,
    bool HasDefault,
    JsonElement Default,
    string? PythonType,
    double? Minimum = null,
    double? Maximum = null,
    double? Step = null)
{
    /// <summary>True when a value must be given (no default).</summary>
    public bool IsRequired => !HasDefault;

    /// <summary>True for a number whose JSON schema is an integer, or a slider whose step is whole.</summary>
    public bool IsInteger => PythonType is "int" || (Step is { } step && step >= 1 && Math.Abs(step - Math.Round(step)) < 1e-9);
}

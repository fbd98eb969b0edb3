using System.Text.Json;

namespace FluxImaging.Gradio;

/// <summary>One component of a Gradio app, as its <c>/config</c> describes it: its type and, for sliders, its range.</summary>
/// <param name="Id">The component's id.</param>
/// <param name="Type">The type, lower case: <c>textbox</c>, <c>slider</c>, <c>checkbox</c>, <c>image</c>, <c>gallery</c>, <c>state</c>, …</param>
/// <param name="Label">The label shown in the app, if any.</param>
/// <param name="Minimum">A slider's minimum, if advertised.</param>
/// <param name="Maximum">A slider's maximum, if advertised.</param>
/// <param name="Step">A slider's step, if advertised.</param>
/// <param name="Default">The component's initial value (<see cref="JsonValueKind.Undefined"/> when none).</param>
/// <param name="SkipApi">True for components the API does not take or return (state, buttons): the wire gets <c>null</c> for them.</param>
public sealed record GradioComponent(int Id, string Type, string? Label, double? Minimum, double? Maximum, double? Step, JsonElement Default, bool SkipApi)
{
    /// <summary>True for a <c>gr.State</c> component.</summary>
    public bool IsState => Type == "state";

    /// <summary>Clamps a value into the advertised range, when one is advertised, else into the fallback range.</summary>
    /// <param name="value">The value.</param>
    /// <param name="fallbackMinimum">The minimum when none is advertised.</param>
    /// <param name="fallbackMaximum">The maximum when none is advertised.</param>
    /// <returns>The clamped value.</returns>
    public double Clamp(double value, double fallbackMinimum, double fallbackMaximum) =>
        Math.Clamp(value, Minimum ?? fallbackMinimum, Math.Max(Minimum ?? fallbackMinimum, Maximum ?? fallbackMaximum));
}

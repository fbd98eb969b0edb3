using System.Text.Json;

namespace FluxImaging.Gradio.Config;

/// <summary>One input or output component of a Gradio function: its type and, for sliders, its advertised range.</summary>
internal sealed record GradioComponent(int Id, string Type, string? Label, double? Minimum, double? Maximum, JsonElement Default)
{
    public bool IsState => Type == "state";

    /// <summary>Clamps a value into the advertised range, when one is advertised.</summary>
    public double Clamp(double value, double fallbackMinimum, double fallbackMaximum) =>
        Math.Clamp(value, Minimum ?? fallbackMinimum, Math.Max(Minimum ?? fallbackMinimum, Maximum ?? fallbackMaximum));
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>Gradio 5 checks slider ranges before running (<c>components/slider.py</c> <c>preprocess</c>); 4.x does not.</summary>
internal static class SliderValidation
{
    /// <summary>The <c>gr.Error</c> text for the first input out of its slider's range, or null.</summary>
    public static string? FirstError(SpaceRun run)
    {
        for (var i = 0; i < run.Function.Inputs.Count && i < run.Inputs.Count; i++)
        {
            var input = run.Function.Inputs[i];
            if (!input.IsSlider || run.Inputs[i] is not JsonValue value || !value.TryGetValue<double>(out var number))
            {
                continue;
            }

            if (number > input.Maximum)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Value {number} is greater than maximum value {input.Maximum}.");
            }

            if (number < input.Minimum)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Value {number} is less than minimum value {input.Minimum}.");
            }
        }

        return null;
    }
}

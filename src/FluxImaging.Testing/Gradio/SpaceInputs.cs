using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>Reads positional inputs leniently, as Python would (numbers may arrive as int or float).</summary>
internal readonly struct SpaceInputs(JsonArray inputs)
{
    public static SpaceInputs Read(JsonArray inputs) => new(inputs);

    public string Text(int index) => inputs.Count > index && inputs[index] is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;

    public double Number(int index) => inputs.Count > index && inputs[index] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
        ? double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)
        : 0;

    public bool Bool(int index) => inputs.Count > index && inputs[index] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>A rendered dimension: what was asked for, within what the renderer can draw.</summary>
    public static int Pixels(double value) => (int)Math.Clamp(value, 1, PngImage.MaxDimension);
}

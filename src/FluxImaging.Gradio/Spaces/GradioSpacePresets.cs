namespace FluxImaging.Gradio;

/// <summary>
/// The Spaces that ship ready to use (spaces.md §5): <c>AddGradioSpace("SD35Large")</c> needs no configuration, and
/// <c>FluxImaging:Spaces:&lt;Name&gt;:*</c> settings still override (a preset only fills what is left unset).
/// </summary>
public static class GradioSpacePresets
{
    /// <summary>stabilityai/stable-diffusion-3.5-large: model <c>sd-3.5-large</c>, aliases <c>stabilityai-stable-diffusion-3-5-large</c> and <c>sd3.5</c>.</summary>
    public const string SD35Large = nameof(SD35Large);

    /// <summary>black-forest-labs/FLUX.1-Kontext-dev (editing; needs an input image, takes no mask): model <c>flux-kontext-dev</c>, alias <c>flux-kontext</c>.</summary>
    public const string Flux1KontextDev = nameof(Flux1KontextDev);

    /// <summary>black-forest-labs/FLUX.1-schnell: model <c>black-forest-labs-flux-1-schnell</c>, aliases <c>flux-schnell</c> (before Voodoohop) and <c>flux</c> (after FLUX.1-dev).</summary>
    public const string Flux1Schnell = nameof(Flux1Schnell);

    private static readonly Dictionary<string, Preset> Presets = new(StringComparer.OrdinalIgnoreCase)
    {
        [SD35Large] = new("stabilityai/stable-diffusion-3.5-large", "Stable Diffusion 3.5 Large", ImageInputSupport.None, 0, "sd-3.5-large", "stabilityai-stable-diffusion-3-5-large", "sd3.5"),
        [Flux1KontextDev] = new("black-forest-labs/FLUX.1-Kontext-dev", "FLUX.1 Kontext [dev]", ImageInputSupport.Required, 0, "flux-kontext-dev", "flux-kontext"),
        [Flux1Schnell] = new("black-forest-labs/FLUX.1-schnell", "FLUX.1 [schnell]", ImageInputSupport.None, 200, "black-forest-labs-flux-1-schnell", "flux-schnell", "flux"),
    };

    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = [SD35Large, Flux1KontextDev, Flux1Schnell];

    /// <summary>Whether <paramref name="name"/> names a preset (case-insensitive).</summary>
    /// <param name="name">A name.</param>
    /// <returns>True for a preset.</returns>
    public static bool IsPreset(string name) => Presets.ContainsKey(name);

    /// <summary>Fills what <paramref name="options"/> leave unset from the preset <paramref name="name"/> (nothing when it names none).</summary>
    /// <param name="name">A preset's name.</param>
    /// <param name="options">Options after configuration and code.</param>
    public static void ApplyTo(string name, GradioSpaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Presets.TryGetValue(name, out var preset))
        {
            return;
        }

        // Another Space configured under a preset's name keeps only the name: nothing else of the preset fits it.
        if (options.Space is not null && !string.Equals(options.Space, preset.Space, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // Without an Endpoint the Space id is resolved through the Hugging Face API when the first job runs.
        options.Space ??= preset.Space;
        options.Label ??= preset.Label;
        options.ApiName ??= "infer";
        options.ImageInput ??= preset.Images;
        options.AcceptsMask ??= false;
        if (options.Models.Count == 0)
        {
            options.Models = [.. preset.Models];
            options.Priority = options.Priority == 0 ? preset.Priority : options.Priority;
        }
    }

    private sealed record Preset(string Space, string Label, ImageInputSupport Images, int Priority, params string[] Models);
}

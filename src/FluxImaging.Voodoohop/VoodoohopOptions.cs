using FluxImaging.Gradio;

namespace FluxImaging.Voodoohop;

/// <summary>
/// Settings of the FLUX.1-schnell provider (the voodoohop Space); bound from <c>FluxImaging:Providers:Voodoohop</c>. The
/// Space is driven by the generic Gradio Space provider over its <c>/call</c> API: these are its defaults.
/// </summary>
public sealed class VoodoohopOptions : GradioSpaceOptions
{
    /// <summary>The Space's public URL.</summary>
    public static readonly Uri DefaultEndpoint = new("https://voodoohop-flux-1-schnell.hf.space");

    /// <summary>Creates the defaults: the public Space, Gradio 4.x (no API prefix) when <c>/config</c> is unreadable.</summary>
    public VoodoohopOptions()
        : base(DefaultEndpoint, defaultApiPrefix: "")
    {
        Space = "voodoohop/FLUX.1-schnell";
        Label = "FLUX.1-schnell";
        Models = ["voodoohop-flux-1-schnell", "flux-schnell", "flux"];
        Priority = 100;
        ApiName = "infer";
        Protocol = GradioProtocol.Call;
        ZeroGpu = "false";
        ImageInput = ImageInputSupport.None;

        // The original client's rule, kept for parity: v − v mod 8, then into the slider's range.
        SizeMultiple = 8;
        Fallback = new GradioSpaceFallback
        {
            Parameters = ["prompt", "seed", "randomize_seed", "width", "height", "num_inference_steps"],
        };

        // gpt4free's values (768×768, 2 steps) rather than the Space's own.
        Defaults = new(StringComparer.Ordinal)
        {
            ["seed"] = "0",
            ["randomize_seed"] = "true",
            ["width"] = "768",
            ["height"] = "768",
            ["num_inference_steps"] = "2",
        };
    }
}

using FluxImaging.Gradio;

namespace FluxImaging.BlackForestLabs;

/// <summary>
/// Settings of the FLUX.1-dev provider; bound from <c>FluxImaging:Providers:BlackForestLabs</c>. The Space is driven by
/// the generic Gradio Space provider: these are its defaults for black-forest-labs/FLUX.1-dev.
/// </summary>
public sealed class BlackForestLabsOptions : GradioSpaceOptions
{
    /// <summary>The Space's public URL.</summary>
    public static readonly Uri DefaultEndpoint = new("https://black-forest-labs-flux-1-dev.hf.space");

    /// <summary>Creates the defaults: the public ZeroGPU Space on Gradio 5, <c>infer</c> with the reference client's values.</summary>
    public BlackForestLabsOptions()
        : base(DefaultEndpoint, defaultApiPrefix: "/gradio_api")
    {
        Space = "black-forest-labs/FLUX.1-dev";
        Label = "FLUX.1-dev";
        Models = ["black-forest-labs-flux-1-dev", "flux-dev", "flux"];
        Priority = 300;
        ApiName = "infer";
        Protocol = GradioProtocol.Queue;
        ZeroGpu = "true";
        ImageInput = ImageInputSupport.None;

        // gpt4free's values: used when the Space does not say (its /config and /info unreadable), never over a request.
        Fallback = new GradioSpaceFallback
        {
            FnIndex = 2,
            TriggerId = 4,
            Parameters = ["prompt", "seed", "randomize_seed", "width", "height", "guidance_scale", "num_inference_steps"],
        };
        Defaults = new(StringComparer.Ordinal)
        {
            ["seed"] = "0",
            ["randomize_seed"] = "true",
            ["width"] = "1024",
            ["height"] = "1024",
            ["guidance_scale"] = "3.5",
            ["num_inference_steps"] = "28",
        };
    }
}

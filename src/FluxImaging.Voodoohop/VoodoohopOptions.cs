using FluxImaging.Gradio;

namespace FluxImaging.Voodoohop;

/// <summary>Settings of the FLUX.1-schnell provider; bound from <c>FluxImaging:Providers:Voodoohop</c>.</summary>
public sealed class VoodoohopOptions : GradioClientOptions
{
    /// <summary>The Space's public URL.</summary>
    public static readonly Uri DefaultEndpoint = new("https://voodoohop-flux-1-schnell.hf.space");

    /// <summary>Creates the defaults: the public Space, assumed to be Gradio 4.x (no API prefix) when <c>/config</c> is unreadable.</summary>
    public VoodoohopOptions()
        : base(DefaultEndpoint, defaultApiPrefix: "")
    {
    }
}

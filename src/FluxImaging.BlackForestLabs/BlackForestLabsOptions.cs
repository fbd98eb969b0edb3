using FluxImaging.Gradio;

namespace FluxImaging.BlackForestLabs;

/// <summary>Settings of the FLUX.1-dev provider; bound from <c>FluxImaging:Providers:BlackForestLabs</c>.</summary>
public sealed class BlackForestLabsOptions : GradioClientOptions
{
    /// <summary>The Space's public URL.</summary>
    public static readonly Uri DefaultEndpoint = new("https://black-forest-labs-flux-1-dev.hf.space");

    /// <summary>The value ZeroGPU headers carry when there is no credential, as the browser integration sends it.</summary>
    public const string AnonymousZeroGpuValue = "[object Object]";

    /// <summary>Creates the defaults: the public Space, Gradio 5 layout when <c>/config</c> is unreadable.</summary>
    public BlackForestLabsOptions()
        : base(DefaultEndpoint, defaultApiPrefix: "/gradio_api")
    {
        // The Space id names the Space to the Hugging Face API (ZeroGPU tokens for HuggingFaceToken).
        Space = "black-forest-labs/FLUX.1-dev";
    }

    /// <summary>A ready ZeroGPU token (a JWT); wins over <see cref="GradioClientOptions.HuggingFaceToken"/>. Sent only on the queue join.</summary>
    public string? ZeroGpuToken { get; set; }

    /// <summary>The <c>x-zerogpu-uuid</c> value. Default <c>[object Object]</c>, as the browser integration sends it.</summary>
    public string ZeroGpuUuid { get; set; } = AnonymousZeroGpuValue;

    /// <summary>Without any credential, whether to send the anonymous <c>[object Object]</c> headers (as the reference client does) or none. Default true.</summary>
    public bool SendAnonymousZeroGpuHeaders { get; set; } = true;

    /// <summary>How long a fetched ZeroGPU token is requested to live. Default 10 minutes.</summary>
    public TimeSpan ZeroGpuTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
}

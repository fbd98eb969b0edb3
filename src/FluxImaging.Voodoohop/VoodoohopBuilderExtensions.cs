using FluxImaging.Voodoohop;
using Microsoft.Extensions.Configuration;

namespace FluxImaging;

/// <summary>Adds the FLUX.1-schnell provider.</summary>
public static class VoodoohopBuilderExtensions
{
    /// <summary>The provider's name.</summary>
    public const string ProviderName = "Voodoohop";

    /// <summary>
    /// Adds FLUX.1-schnell (the voodoohop Space, Gradio <c>/call</c> API) as provider <c>Voodoohop</c>, serving
    /// <c>voodoohop-flux-1-schnell</c>, <c>flux-schnell</c> and <c>flux</c>. Settings bind from
    /// <c>FluxImaging:Providers:Voodoohop</c>; <paramref name="configure"/> applies after them.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddVoodoohop(this FluxImagingBuilder builder, Action<VoodoohopOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddGradioSpace(ProviderName, $"{FluxImagingOptions.SectionName}:Providers:{ProviderName}", static (section, options) => section.Bind(options), configure);
    }
}

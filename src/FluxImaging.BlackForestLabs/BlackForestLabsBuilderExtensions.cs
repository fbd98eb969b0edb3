using FluxImaging.BlackForestLabs;
using Microsoft.Extensions.Configuration;

namespace FluxImaging;

/// <summary>Adds the FLUX.1-dev provider.</summary>
public static class BlackForestLabsBuilderExtensions
{
    /// <summary>The provider's name.</summary>
    public const string ProviderName = "BlackForestLabs";

    /// <summary>
    /// Adds FLUX.1-dev (the black-forest-labs ZeroGPU Space, Gradio queue protocol, live previews and progress) as
    /// provider <c>BlackForestLabs</c>, serving <c>black-forest-labs-flux-1-dev</c>, <c>flux-dev</c> and <c>flux</c>
    /// (first among the providers of <c>flux</c>). Settings bind from <c>FluxImaging:Providers:BlackForestLabs</c>;
    /// <paramref name="configure"/> applies after them.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddBlackForestLabs(this FluxImagingBuilder builder, Action<BlackForestLabsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddGradioSpace(ProviderName, $"{FluxImagingOptions.SectionName}:Providers:{ProviderName}", static (section, options) => section.Bind(options), configure);
    }
}

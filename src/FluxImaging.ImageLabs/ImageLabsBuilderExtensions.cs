using FluxImaging.ImageLabs;
using Microsoft.Extensions.Configuration;

namespace FluxImaging;

/// <summary>Adds the ImageLabs provider.</summary>
public static class ImageLabsBuilderExtensions
{
    /// <summary>
    /// Adds ImageLabs (SDXL-Turbo, submit and poll) as provider <c>ImageLabs</c>, serving <c>sdxl-turbo</c> (and the
    /// legacy alias <c>general</c>). Settings bind from <c>FluxImaging:Providers:ImageLabs</c>.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddImageLabs(this FluxImagingBuilder builder, Action<ImageLabsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddProvider<ImageLabsProvider, ImageLabsOptions>(
            ImageLabsProvider.ProviderName,
            $"{FluxImagingOptions.SectionName}:Providers:{ImageLabsProvider.ProviderName}",
            static (section, options) => section.Bind(options),
            configure);
    }
}

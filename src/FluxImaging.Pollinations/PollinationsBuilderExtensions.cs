using FluxImaging.Pollinations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>Adds the Pollinations provider.</summary>
public static class PollinationsBuilderExtensions
{
    /// <summary>
    /// Adds Pollinations' free image API as provider <c>Pollinations</c>, serving <c>pollinations-flux</c> (sent as
    /// <c>model=flux</c>) and the aliases <c>pollinations</c> and <c>flux</c> — the latter at the lowest priority, so
    /// every other provider of <c>flux</c> is tried first. Settings bind from <c>FluxImaging:Providers:Pollinations</c>
    /// and are checked at start; <paramref name="configure"/> applies after them.
    /// </summary>
    /// <remarks>
    /// The request path holds the prompt, so the HTTP client's default request logging (which writes every URL at
    /// Information level) is turned off for this provider.
    /// </remarks>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddPollinations(this FluxImagingBuilder builder, Action<PollinationsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PollinationsOptions>, PollinationsOptionsValidator>());
        return builder
            .AddProvider<PollinationsProvider, PollinationsOptions>(
                PollinationsProvider.ProviderName,
                $"{FluxImagingOptions.SectionName}:Providers:{PollinationsProvider.ProviderName}",
                static (section, options) => section.Bind(options),
                configure)
            .ConfigureHttpClient(PollinationsProvider.ProviderName, http => http.RemoveAllLoggers());
    }
}

using FluxImaging;
using FluxImaging.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers FluxImaging in a service collection.</summary>
public static class FluxImagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="FluxImagingClient"/> and the shared options (bound from the <c>FluxImaging</c> section of
    /// <paramref name="configuration"/> when given, validated at start). Add providers on the returned builder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application configuration (the root, not the <c>FluxImaging</c> section); optional.</param>
    /// <returns>A builder to add providers with.</returns>
    public static FluxImagingBuilder AddFluxImaging(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpClient();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        var options = services.AddOptions<FluxImagingOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(FluxImagingOptions.SectionName));
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FluxImagingOptions>, FluxImagingOptionsValidator>());
        services.TryAddSingleton(sp => new FluxImagingClient(
            sp.GetServices<IImageProvider>(),
            sp.GetRequiredService<IOptions<FluxImagingOptions>>(),
            sp.GetRequiredService<ILogger<FluxImagingClient>>(),
            sp.GetRequiredService<TimeProvider>())
        {
            // Each registered provider runs under its own deadline; the registrations say which providers have one.
            ProviderTimeouts = sp.GetServices<ImageProviderRegistration>().ToDictionary(
                r => r.Name,
                r => sp.GetRequiredKeyedService<UpstreamHttp>(r.Name).Timeouts,
                StringComparer.Ordinal),
        });

        return new FluxImagingBuilder(services, configuration);
    }
}

using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging;

/// <summary>
/// Registers the FluxImaging client as a Microsoft.Extensions.AI <see cref="IImageGenerator"/> through
/// <see cref="ImageGeneratorBuilder"/>, as Microsoft's <c>services.AddImageGenerator(…)</c> does, so that the returned
/// builder takes <c>.UseLogging()</c>, <c>.UseOpenTelemetry()</c>, <c>.ConfigureOptions(…)</c> and <c>.Use(…)</c>.
/// </summary>
public static class FluxImagingBuilderImageGeneratorExtensions
{
    /// <summary>Registers an <see cref="IImageGenerator"/> over the registered <see cref="FluxImagingClient"/>.</summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="defaultModel">The model or alias used when options name none; the client's default when null.</param>
    /// <param name="lifetime">The generator's lifetime; a singleton unless the pipeline's layers need a scope.</param>
    /// <returns>The pipeline builder; layers added to it wrap the FluxImaging generator, the first added outermost.</returns>
    public static ImageGeneratorBuilder AddImageGenerator(
        this FluxImagingBuilder builder,
        string? defaultModel = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddImageGenerator(services => Create(services, defaultModel), lifetime);
    }

    /// <summary>
    /// Registers a keyed <see cref="IImageGenerator"/> over the registered <see cref="FluxImagingClient"/>, resolved with
    /// <c>[FromKeyedServices(key)]</c> or <c>GetRequiredKeyedService&lt;IImageGenerator&gt;(key)</c>: several generators
    /// (different default models, different pipelines) can share one client.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="serviceKey">The key the generator is registered under.</param>
    /// <param name="defaultModel">The model or alias used when options name none; the client's default when null.</param>
    /// <param name="lifetime">The generator's lifetime; a singleton unless the pipeline's layers need a scope.</param>
    /// <returns>The pipeline builder for this keyed generator only.</returns>
    public static ImageGeneratorBuilder AddKeyedImageGenerator(
        this FluxImagingBuilder builder,
        object serviceKey,
        string? defaultModel = null,
        ServiceLifetime lifetime = ServiceLifetime.Singleton)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(serviceKey);
        return builder.Services.AddKeyedImageGenerator(serviceKey, services => Create(services, defaultModel), lifetime);
    }

    private static IImageGenerator Create(IServiceProvider services, string? defaultModel) =>
        services.GetRequiredService<FluxImagingClient>().AsIImageGenerator(defaultModel);
}

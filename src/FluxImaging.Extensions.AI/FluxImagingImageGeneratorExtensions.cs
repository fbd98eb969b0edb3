using FluxImaging.Extensions.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging;

/// <summary>Exposes FluxImaging as a Microsoft.Extensions.AI <see cref="IImageGenerator"/>.</summary>
public static class FluxImagingImageGeneratorExtensions
{
    /// <summary>
    /// Wraps the client as an <see cref="IImageGenerator"/>. <c>GetService&lt;FluxImagingClient&gt;()</c> on the result
    /// returns the client, for the streaming API.
    /// </summary>
    /// <param name="client">The FluxImaging client.</param>
    /// <param name="defaultModel">The model or alias used when options name none; the client's default when null.</param>
    /// <returns>The image generator.</returns>
    public static IImageGenerator AsImageGenerator(this FluxImagingClient client, string? defaultModel = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new FluxImagingImageGenerator(client, defaultModel);
    }

    /// <summary>Registers an <see cref="IImageGenerator"/> over the registered <see cref="FluxImagingClient"/>.</summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="defaultModel">The model or alias used when options name none.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddImageGenerator(this FluxImagingBuilder builder, string? defaultModel = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(services => services.GetRequiredService<FluxImagingClient>().AsImageGenerator(defaultModel));
        return builder;
    }
}

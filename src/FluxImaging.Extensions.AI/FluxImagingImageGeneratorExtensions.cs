using FluxImaging.Extensions.AI;
using Microsoft.Extensions.AI;

namespace FluxImaging;

/// <summary>Exposes a <see cref="FluxImagingClient"/> as a Microsoft.Extensions.AI <see cref="IImageGenerator"/>.</summary>
public static class FluxImagingImageGeneratorExtensions
{
    /// <summary>
    /// Wraps the client as an <see cref="IImageGenerator"/>, named as Microsoft's own adapters name theirs
    /// (<c>AsIImageGenerator</c>, <c>AsIChatClient</c>). Compose logging, telemetry and default options around it with
    /// <c>generator.AsBuilder().UseLogging().UseOpenTelemetry().Build()</c>. <c>GetService&lt;FluxImagingClient&gt;()</c>
    /// on the result (or on any pipeline around it) returns the client, for the streaming API.
    /// </summary>
    /// <param name="client">The FluxImaging client.</param>
    /// <param name="defaultModel">The model or alias used when options name none; the client's default when null.</param>
    /// <returns>The image generator, whose <see cref="ImageGeneratorMetadata"/> names the provider <c>fluximaging</c>.</returns>
    public static IImageGenerator AsIImageGenerator(this FluxImagingClient client, string? defaultModel = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new FluxImagingImageGenerator(client, defaultModel);
    }

    /// <summary>The former name of <see cref="AsIImageGenerator"/>; it does the same.</summary>
    /// <param name="client">The FluxImaging client.</param>
    /// <param name="defaultModel">The model or alias used when options name none; the client's default when null.</param>
    /// <returns>The image generator.</returns>
    [Obsolete("Use AsIImageGenerator, the name Microsoft.Extensions.AI adapters use; it does the same.")]
    public static IImageGenerator AsImageGenerator(this FluxImagingClient client, string? defaultModel = null) =>
        client.AsIImageGenerator(defaultModel);
}

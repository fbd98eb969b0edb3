using FluxImaging.Gradio;
using FluxImaging.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging;

/// <summary>Registers <see cref="GradioClient"/>s for Gradio apps used directly, without the image layer.</summary>
public static class GradioClientBuilderExtensions
{
    /// <summary>The section Gradio clients are configured in: <c>FluxImaging:Gradio:&lt;Name&gt;</c>.</summary>
    public const string SectionName = "FluxImaging:Gradio";

    /// <summary>
    /// Registers a <see cref="GradioClient"/> named <paramref name="name"/>, resolved with
    /// <c>[FromKeyedServices("<paramref name="name"/>")] GradioClient</c> or <c>GetRequiredKeyedService&lt;GradioClient&gt;(name)</c>:
    /// the .NET counterpart of <c>gradio_client.Client("owner/name")</c>. Its settings bind from
    /// <c>FluxImaging:Gradio:{name}</c> (<c>Endpoint</c>, or <c>Space</c> to find it through the Hugging Face API;
    /// <c>HuggingFaceToken</c>, sent only to the app's own host; and the common <c>Proxy</c>, <c>Timeouts</c>,
    /// <c>Retry</c>, <c>Limits</c>). It gets a provider's HTTP pipeline, so every answer is bounded and every wait timed,
    /// but it is not an image provider and takes no part in routing. One client is shared: it is thread-safe.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The client's name, which its errors and logs carry; distinct from every provider's.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddGradioClient(this FluxImagingBuilder builder, string name, Action<GradioClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var first = !builder.IsRegistered(name);
        var section = $"{SectionName}:{name}";
        builder.AddUpstream<GradioClientOptions>(name, section, static (section, options) => section.Bind(options), configure);
        if (first)
        {
            GradioBuilderExtensions.AddGradioUpstream<GradioClientOptions>(builder, name, section);
            builder.Services.AddKeyedSingleton(name, static (services, key) =>
            {
                var context = services.GetRequiredKeyedService<ImageProviderContext<GradioClientOptions>>(key);
                return new GradioClient(context.Http, context.Options, context.Logger);
            });
        }

        return builder;
    }
}

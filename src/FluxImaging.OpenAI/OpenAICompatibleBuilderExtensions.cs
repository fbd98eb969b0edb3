using FluxImaging.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>Adds a provider for any OpenAI-compatible images endpoint.</summary>
public static class OpenAICompatibleBuilderExtensions
{
    /// <summary>
    /// Adds an OpenAI-compatible <c>/v1/images/generations</c> endpoint (OpenAI, gpt4free, LocalAI, a FluxImaging server)
    /// as provider <c>OpenAI</c>, serving the configured <c>Models</c>. Settings bind from
    /// <c>FluxImaging:Providers:OpenAI</c> (<c>Endpoint</c>, <c>ApiKey</c>, <c>Dialect</c>, <c>Models</c>, <c>ResponseFormat</c>).
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddOpenAICompatible(this FluxImagingBuilder builder, Action<OpenAICompatibleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const string name = OpenAICompatibleProvider.ProviderName;
        if (!builder.Providers.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            builder.Services.AddSingleton<IValidateOptions<OpenAICompatibleOptions>>(new OpenAICompatibleOptionsValidator(name, "FluxImaging:Providers:OpenAI"));
        }

        return builder.AddProvider<OpenAICompatibleProvider, OpenAICompatibleOptions>(name, configure);
    }
}

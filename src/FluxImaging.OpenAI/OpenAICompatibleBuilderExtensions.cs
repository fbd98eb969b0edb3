using FluxImaging.OpenAI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>Adds providers for OpenAI-compatible images endpoints: the provider <c>OpenAI</c> and any number of named instances.</summary>
public static class OpenAICompatibleBuilderExtensions
{
    /// <summary>
    /// Adds an OpenAI-compatible <c>/v1/images/generations</c> endpoint (OpenAI, gpt4free, LocalAI, a FluxImaging server)
    /// as provider <c>OpenAI</c>, serving the configured <c>Models</c>. Settings bind from
    /// <c>FluxImaging:Providers:OpenAI</c> (<c>Endpoint</c>, <c>ApiKey</c>, <c>Dialect</c>, <c>Models</c>,
    /// <c>Aliases</c>, <c>ResponseFormat</c>).
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddOpenAICompatible(this FluxImagingBuilder builder, Action<OpenAICompatibleOptions>? configure = null) =>
        builder.AddOpenAICompatible(OpenAICompatibleProvider.ProviderName, configure);

    /// <summary>
    /// Adds a further OpenAI-compatible endpoint as provider <paramref name="name"/>, with its own endpoint, key,
    /// dialect, models, HTTP client and limits. Settings bind from <c>FluxImaging:Providers:OpenAI:Instances:{name}</c>
    /// and inherit nothing from <c>FluxImaging:Providers:OpenAI</c>; the name <c>OpenAI</c> is that provider itself.
    /// Calling it again for the same name only applies <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The provider's name: a letter or digit, then letters, digits, <c>-</c>, <c>_</c> or <c>.</c> (at most 64 characters).</param>
    /// <param name="configure">Optional changes to the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid name.</exception>
    /// <exception cref="InvalidOperationException">Another kind of provider is registered under <paramref name="name"/>.</exception>
    public static FluxImagingBuilder AddOpenAICompatible(this FluxImagingBuilder builder, string name, Action<OpenAICompatibleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        if (!OpenAICompatibleInstances.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid provider name: use {OpenAICompatibleInstances.NameRule}.", nameof(name));
        }

        if (Conflict(builder, name) is { } conflict)
        {
            throw new InvalidOperationException($"{conflict} Give the OpenAI-compatible instance another name.");
        }

        return Register(builder, name, configure);
    }

    /// <summary>
    /// Adds every instance configured under <c>FluxImaging:Providers:OpenAI:Instances</c>, each as the provider named by
    /// its key (<c>…:Instances:LocalG4F:Endpoint</c> makes the provider <c>LocalG4F</c>). Nothing without configuration.
    /// A name that cannot be a provider name, or that another provider already has, fails start-up naming its key.
    /// </summary>
    /// <param name="builder">The FluxImaging builder (created with the application's configuration).</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddOpenAICompatibleInstances(this FluxImagingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration is null)
        {
            return builder;
        }

        foreach (var instance in builder.Configuration.GetSection(OpenAICompatibleInstances.InstancesSection).GetChildren())
        {
            var key = $"{OpenAICompatibleInstances.InstancesSection}:{instance.Key}";
            var problem = !OpenAICompatibleInstances.IsValidName(instance.Key)
                ? $"an instance name becomes a provider name; use {OpenAICompatibleInstances.NameRule}."
                : OpenAICompatibleInstances.IsDefault(instance.Key)
                    ? $"'{instance.Key}' is the provider configured at {OpenAICompatibleInstances.Section} itself; give the instance another name."
                    : Conflict(builder, instance.Key) is { } conflict ? $"{conflict} Give the instance another name." : null;
            if (problem is not null)
            {
                builder.AddConfigurationProblem(key, problem);
                continue;
            }

            Register(builder, instance.Key, configure: null);
        }

        return builder;
    }

    private static FluxImagingBuilder Register(FluxImagingBuilder builder, string name, Action<OpenAICompatibleOptions>? configure)
    {
        var section = OpenAICompatibleInstances.SectionOf(name);
        if (OpenAICompatibleInstances.IsDefault(name))
        {
            name = OpenAICompatibleProvider.ProviderName;
        }

        if (!builder.Providers.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            builder.Services.AddSingleton<IValidateOptions<OpenAICompatibleOptions>>(new OpenAICompatibleOptionsValidator(name, section));
        }

        return builder.AddProvider<OpenAICompatibleProvider, OpenAICompatibleOptions>(name, section, static (configuration, options) => configuration.Bind(options), configure);
    }

    private static string? Conflict(FluxImagingBuilder builder, string name) =>
        builder.Providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } taken && taken.ProviderType != typeof(OpenAICompatibleProvider)
            ? $"The provider name '{taken.Name}' is taken by {taken.ProviderType.Name}."
            : null;
}

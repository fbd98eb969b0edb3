using System.Diagnostics.CodeAnalysis;
using FluxImaging.Gradio;
using FluxImaging.Gradio.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>Registers providers that talk to a Gradio app.</summary>
public static class GradioBuilderExtensions
{
    /// <summary>
    /// Registers a provider over a Gradio app like <see cref="FluxImagingBuilder.AddProvider{TProvider, TOptions}(string, Action{TOptions})"/>
    /// does, and scopes its Hugging Face token: <see cref="GradioClientOptions.HuggingFaceToken"/> is added to the
    /// requests for the app's own host (its API, uploads, file downloads and redirects within it) and to no other.
    /// </summary>
    /// <typeparam name="TProvider">The provider.</typeparam>
    /// <typeparam name="TOptions">Its options.</typeparam>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The options bind by reflection, which trimming and Native AOT cannot check; a package that must be trim- and
    /// AOT-safe uses <see cref="AddGradioProvider{TProvider, TOptions}(FluxImagingBuilder, string, string, Action{IConfigurationSection, TOptions}, Action{TOptions})"/>.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public static FluxImagingBuilder AddGradioProvider<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(this FluxImagingBuilder builder, string name, Action<TOptions>? configure = null)
        where TProvider : class, IImageProvider
        where TOptions : GradioClientOptions, new() =>
        builder.AddGradioProvider<TProvider, TOptions>(name, $"{FluxImagingOptions.SectionName}:Providers:{name}", configure);

    /// <summary>
    /// Registers a provider over a Gradio app whose options bind from <paramref name="configurationSection"/>; see
    /// <see cref="AddGradioProvider{TProvider, TOptions}(FluxImagingBuilder, string, Action{TOptions})"/>.
    /// </summary>
    /// <typeparam name="TProvider">The provider.</typeparam>
    /// <typeparam name="TOptions">Its options.</typeparam>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configurationSection">The configuration section its options bind from.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The options bind by reflection, which trimming and Native AOT cannot check; a package that must be trim- and
    /// AOT-safe uses <see cref="AddGradioProvider{TProvider, TOptions}(FluxImagingBuilder, string, string, Action{IConfigurationSection, TOptions}, Action{TOptions})"/>.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public static FluxImagingBuilder AddGradioProvider<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(this FluxImagingBuilder builder, string name, string configurationSection, Action<TOptions>? configure = null)
        where TProvider : class, IImageProvider
        where TOptions : GradioClientOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registered = builder.IsRegistered(name);
        builder.AddProvider<TProvider, TOptions>(name, configurationSection, configure);
        return registered ? builder : AddGradioUpstream<TOptions>(builder, name, configurationSection);
    }

    /// <summary>
    /// Registers a provider over a Gradio app whose options bind from <paramref name="configurationSection"/> through
    /// <paramref name="bind"/>, the trim- and AOT-safe way (see
    /// <see cref="FluxImagingBuilder.AddProvider{TProvider, TOptions}(string, string, Action{IConfigurationSection, TOptions}, Action{TOptions})"/>);
    /// otherwise as <see cref="AddGradioProvider{TProvider, TOptions}(FluxImagingBuilder, string, Action{TOptions})"/>.
    /// </summary>
    /// <typeparam name="TProvider">The provider.</typeparam>
    /// <typeparam name="TOptions">Its options.</typeparam>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configurationSection">The configuration section its options bind from.</param>
    /// <param name="bind">Binds the section to the options, e.g. <c>static (section, options) =&gt; section.Bind(options)</c> with the configuration-binding source generator enabled.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddGradioProvider<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        this FluxImagingBuilder builder,
        string name,
        string configurationSection,
        Action<IConfigurationSection, TOptions> bind,
        Action<TOptions>? configure = null)
        where TProvider : class, IImageProvider
        where TOptions : GradioClientOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var registered = builder.IsRegistered(name);
        builder.AddProvider<TProvider, TOptions>(name, configurationSection, bind, configure);
        return registered ? builder : AddGradioUpstream<TOptions>(builder, name, configurationSection);
    }

    private const string ReflectionBindingMessage =
        "Binds TOptions from configuration by reflection, which cannot keep the members of the types TOptions refers to nor create their generic collections ahead of time. "
        + "Use the overload that takes a bind delegate, with the configuration-binding source generator enabled.";

    // What every Gradio app needs besides the core's: its own settings checked at start-up, and the Hugging Face token
    // sent to the app's host only.
    internal static FluxImagingBuilder AddGradioUpstream<TOptions>(FluxImagingBuilder builder, string name, string configurationSection)
        where TOptions : GradioClientOptions, new()
    {
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new GradioClientOptionsValidator<TOptions>(name, configurationSection));
        return builder.ConfigureHttpClient(name, http => http.AddHttpMessageHandler(services =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<TOptions>>().Get(name);
            return new SpaceAuthorizationHandler(() => options.Endpoint, options.HuggingFaceToken);
        }));
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using FluxImaging.Gradio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging;

/// <summary>Adds Gradio Spaces as image providers: any Space from configuration, and the presets that ship.</summary>
public static partial class GradioSpaceBuilderExtensions
{
    /// <summary>The section Spaces are configured in: <c>FluxImaging:Spaces:&lt;Name&gt;</c>.</summary>
    public const string SectionName = "FluxImaging:Spaces";

    private const string NameRule = "use letters, digits, '-', '_' or '.', starting with a letter or digit";

    /// <summary>
    /// Adds the Space named <paramref name="name"/> as a provider of that name. Its settings bind from
    /// <c>FluxImaging:Spaces:{name}</c>; a preset's name (<see cref="GradioSpacePresets"/>) starts from the preset, which
    /// configuration and <paramref name="configure"/> still override.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The provider's name: letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddGradioSpace(this FluxImagingBuilder builder, string name, Action<GradioSpaceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!ValidName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a provider name: {NameRule}.", nameof(name));
        }

        if (builder.Providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is null
            && GradioSpacePresets.IsPreset(name))
        {
            // After configuration and code: a preset fills only what they left unset (lists would otherwise merge).
            builder.Services.PostConfigure<GradioSpaceOptions>(name, options => GradioSpacePresets.ApplyTo(name, options));
        }

        return builder.AddGradioProvider<GradioSpaceProvider<GradioSpaceOptions>, GradioSpaceOptions>(
            name, $"{SectionName}:{name}", static (section, options) => section.Bind(options), configure);
    }

    /// <summary>
    /// Adds a Space with options of its own type bound from <paramref name="configurationSection"/>: the way a package
    /// ships a well-known Space as a provider (its options' constructor holds the Space's defaults).
    /// </summary>
    /// <typeparam name="TOptions">The Space's options.</typeparam>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configurationSection">The configuration section its options bind from.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The options bind by reflection, which trimming and Native AOT cannot check; a package that must be trim- and
    /// AOT-safe uses <see cref="AddGradioSpace{TOptions}(FluxImagingBuilder, string, string, Action{IConfigurationSection, TOptions}, Action{TOptions})"/>.
    /// </remarks>
    [RequiresUnreferencedCode(ReflectionBindingMessage)]
    [RequiresDynamicCode(ReflectionBindingMessage)]
    public static FluxImagingBuilder AddGradioSpace<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(
        this FluxImagingBuilder builder,
        string name,
        string configurationSection,
        Action<TOptions>? configure = null)
        where TOptions : GradioSpaceOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddGradioProvider<GradioSpaceProvider<TOptions>, TOptions>(name, configurationSection, configure);
    }

    /// <summary>
    /// Adds a Space with options of its own type bound from <paramref name="configurationSection"/> through
    /// <paramref name="bind"/>, the trim- and AOT-safe way a package ships a well-known Space (see
    /// <see cref="FluxImagingBuilder.AddProvider{TProvider, TOptions}(string, string, Action{IConfigurationSection, TOptions}, Action{TOptions})"/>).
    /// </summary>
    /// <typeparam name="TOptions">The Space's options.</typeparam>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <param name="name">The provider's name.</param>
    /// <param name="configurationSection">The configuration section its options bind from.</param>
    /// <param name="bind">Binds the section to the options, e.g. <c>static (section, options) =&gt; section.Bind(options)</c> with the configuration-binding source generator enabled.</param>
    /// <param name="configure">Changes to the options after configuration binding; optional.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddGradioSpace<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        this FluxImagingBuilder builder,
        string name,
        string configurationSection,
        Action<IConfigurationSection, TOptions> bind,
        Action<TOptions>? configure = null)
        where TOptions : GradioSpaceOptions, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddGradioProvider<GradioSpaceProvider<TOptions>, TOptions>(name, configurationSection, bind, configure);
    }

    /// <summary>
    /// Adds the preset Spaces (<see cref="GradioSpacePresets.Names"/>) and every Space configured under
    /// <c>FluxImaging:Spaces</c>, each as a provider named after its section. A section whose name cannot be a
    /// provider name, or names another kind of provider, fails start-up validation naming its key.
    /// </summary>
    /// <param name="builder">The FluxImaging builder.</param>
    /// <returns>The builder.</returns>
    public static FluxImagingBuilder AddGradioSpaces(this FluxImagingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var name in GradioSpacePresets.Names)
        {
            builder.AddGradioSpace(name);
        }

        foreach (var section in builder.Configuration?.GetSection(SectionName).GetChildren() ?? [])
        {
            // A bad section is a bad setting: start-up fails naming its key, with every other bad setting.
            var problem = !ValidName().IsMatch(section.Key)
                ? $"a Space's name becomes a provider name; {NameRule}."
                : builder.Providers.FirstOrDefault(p => string.Equals(p.Name, section.Key, StringComparison.OrdinalIgnoreCase)) is { } taken
                    && taken.ConfigurationSection != section.Path
                    ? $"the provider name '{taken.Name}' is taken by the provider configured at {taken.ConfigurationSection}; give the Space another name."
                    : null;
            if (problem is not null)
            {
                builder.AddConfigurationProblem(section.Path, problem);
                continue;
            }

            builder.AddGradioSpace(section.Key);
        }

        return builder;
    }

    private const string ReflectionBindingMessage =
        "Binds TOptions from configuration by reflection, which cannot keep the members of the types TOptions refers to nor create their generic collections ahead of time. "
        + "Use the overload that takes a bind delegate, with the configuration-binding source generator enabled.";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();
}

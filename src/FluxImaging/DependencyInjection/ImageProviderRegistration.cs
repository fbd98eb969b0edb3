using System.Diagnostics.CodeAnalysis;

namespace FluxImaging;

/// <summary>
/// What one <c>AddProvider</c> call registered: the provider's name, types, configuration section and the public
/// services its settings point at by default. Hosts read these instead of knowing providers by name (the offline
/// emulators, for example, point every setting whose default is a service they emulate at themselves).
/// </summary>
public sealed class ImageProviderRegistration
{
    internal ImageProviderRegistration(
        string name,
        Type providerType,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type optionsType,
        string configurationSection,
        IReadOnlyDictionary<string, Uri> defaultEndpoints)
    {
        Name = name;
        ProviderType = providerType;
        OptionsType = optionsType;
        ConfigurationSection = configurationSection;
        DefaultEndpoints = defaultEndpoints;
    }

    /// <summary>The provider's name.</summary>
    public string Name { get; }

    /// <summary>The provider's type.</summary>
    public Type ProviderType { get; }

    /// <summary>The provider's options type.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)]
    public Type OptionsType { get; }

    /// <summary>The configuration section its options bind from, e.g. <c>FluxImaging:Providers:BlackForestLabs</c>.</summary>
    public string ConfigurationSection { get; }

    /// <summary>
    /// Every URL-valued setting of the options and its default, by setting name (e.g. <c>Endpoint</c> →
    /// <c>https://black-forest-labs-flux-1-dev.hf.space</c>, <c>HuggingFaceEndpoint</c> → <c>https://huggingface.co</c>).
    /// </summary>
    public IReadOnlyDictionary<string, Uri> DefaultEndpoints { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({ProviderType.Name}, {ConfigurationSection})";
}

namespace FluxImaging;

/// <summary>The models a provider serves: a default model id, any further ids, and aliases that route to it.</summary>
public sealed class ImageProviderModels
{
    /// <summary>Describes the models of a provider.</summary>
    /// <param name="defaultModel">The id the provider runs when asked for an alias or for no model.</param>
    /// <param name="models">Further model ids the provider serves (the default is included automatically).</param>
    /// <param name="aliases">Aliases that resolve to this provider, such as <c>flux</c>.</param>
    public ImageProviderModels(string defaultModel, IEnumerable<string>? models = null, IEnumerable<string>? aliases = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultModel);
        DefaultModel = defaultModel;
        Ids = new[] { defaultModel }.Concat(models ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        Aliases = (aliases ?? []).Distinct(StringComparer.OrdinalIgnoreCase).Except(Ids, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The id the provider runs when asked for an alias or for no model.</summary>
    public string DefaultModel { get; }

    /// <summary>Every model id the provider serves, the default first.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Aliases that route to this provider.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>True when <paramref name="model"/> is one of the ids or aliases (case-insensitive).</summary>
    /// <param name="model">A model id or alias.</param>
    /// <returns>Whether this provider serves it.</returns>
    public bool Serves(string model) =>
        Ids.Contains(model, StringComparer.OrdinalIgnoreCase) || Aliases.Contains(model, StringComparer.OrdinalIgnoreCase);

    /// <summary>The id to run for a requested model: the id itself when it is one, else the default model.</summary>
    /// <param name="model">A model id, an alias, or null.</param>
    /// <returns>The model id the provider runs.</returns>
    public string Resolve(string? model) =>
        model is not null && Ids.FirstOrDefault(id => string.Equals(id, model, StringComparison.OrdinalIgnoreCase)) is { } id ? id : DefaultModel;
}

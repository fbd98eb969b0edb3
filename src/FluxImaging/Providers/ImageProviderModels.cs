namespace FluxImaging;

/// <summary>
/// The models a provider serves: a default model id, any further ids, and aliases that route to it, each alias with
/// the priority the provider serves it with.
/// </summary>
public sealed class ImageProviderModels
{
    private readonly Dictionary<string, int> _priorities;

    /// <summary>Describes the models of a provider.</summary>
    /// <param name="defaultModel">The id the provider runs when asked for an alias or for no model.</param>
    /// <param name="models">Further model ids the provider serves (the default is included automatically).</param>
    /// <param name="aliases">Aliases that resolve to this provider, such as <c>flux</c>, with their priorities.</param>
    public ImageProviderModels(string defaultModel, IEnumerable<string>? models = null, IEnumerable<ModelAlias>? aliases = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultModel);
        DefaultModel = defaultModel;
        Ids = new[] { defaultModel }.Concat(models ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _priorities = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var alias in aliases ?? [])
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(alias.Name, nameof(aliases));
            if (!Ids.Contains(alias.Name, StringComparer.OrdinalIgnoreCase))
            {
                _priorities.TryAdd(alias.Name, alias.Priority);
            }
        }

        Aliases = [.. _priorities.Keys];
    }

    /// <summary>The id the provider runs when asked for an alias or for no model.</summary>
    public string DefaultModel { get; }

    /// <summary>Every model id the provider serves, the default first.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Aliases that route to this provider, in the order they were declared.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Whether the models take input images.</summary>
    /// <value>Default <see cref="ImageInputSupport.None"/>.</value>
    public ImageInputSupport ImageInput { get; init; }

    /// <summary>The most input images one request may carry, when the models take them.</summary>
    /// <value>Default 1.</value>
    public int MaxInputImages { get; init; } = 1;

    /// <summary>Whether the models take a mask (<see cref="ImageRequest.Mask"/>) with the input image.</summary>
    /// <value>Default false.</value>
    public bool AcceptsMask { get; init; }

    /// <summary>True when <paramref name="model"/> is one of the ids or aliases (case-insensitive).</summary>
    /// <param name="model">A model id or alias.</param>
    /// <returns>Whether this provider serves it.</returns>
    public bool Serves(string model) =>
        Ids.Contains(model, StringComparer.OrdinalIgnoreCase) || _priorities.ContainsKey(model);

    /// <summary>The priority with which this provider serves <paramref name="model"/>: the alias's priority, 0 for an id.</summary>
    /// <param name="model">A model id or alias.</param>
    /// <returns>The priority; higher is tried first.</returns>
    public int PriorityOf(string model) => _priorities.GetValueOrDefault(model);

    /// <summary>Why these models cannot take <paramref name="request"/>'s images, or null when they can.</summary>
    /// <param name="request">A request.</param>
    /// <returns>The reason, or null.</returns>
    public string? RefusalOf(ImageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var images = request.InputImages.Count;
        return (images, ImageInput) switch
        {
            (0, ImageInputSupport.Required) => "needs an input image",
            (> 0, ImageInputSupport.None) => "takes no input image",
            (> 0, _) when images > MaxInputImages => $"takes at most {MaxInputImages} input image{(MaxInputImages == 1 ? string.Empty : "s")}",
            _ when request.Mask is not null && !AcceptsMask => "takes no mask",
            _ => null,
        };
    }

    /// <summary>The id to run for a requested model: the id itself when it is one, else the default model.</summary>
    /// <param name="model">A model id, an alias, or null.</param>
    /// <returns>The model id the provider runs.</returns>
    public string Resolve(string? model) =>
        model is not null && Ids.FirstOrDefault(id => string.Equals(id, model, StringComparison.OrdinalIgnoreCase)) is { } id ? id : DefaultModel;
}

namespace FluxImaging;

/// <summary>A model id or alias and the providers that serve it, in the order they are tried.</summary>
/// <param name="Model">The model id or alias.</param>
/// <param name="IsAlias">True for an alias such as <c>flux</c>, false for a provider's own model id.</param>
/// <param name="Providers">The names of the providers that serve it, in routing order.</param>
public sealed record ImageModelRoute(string Model, bool IsAlias, IReadOnlyList<string> Providers);

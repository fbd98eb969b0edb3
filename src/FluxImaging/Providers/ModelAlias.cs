namespace FluxImaging;

/// <summary>
/// An alias a provider answers to, such as <c>flux</c>, and the priority with which it serves it: when several
/// providers serve one alias, the highest priority is tried first (ties in registration order).
/// <c>FluxImaging:Routing</c> in configuration overrides the order.
/// </summary>
/// <param name="Name">The alias.</param>
/// <param name="Priority">Higher is tried first; 0 by default. Our packages use 300 for the strongest model of a
/// family (FLUX.1-dev for <c>flux</c>), 200 and 100 for the next ones, and a negative value for a last resort.</param>
public readonly record struct ModelAlias(string Name, int Priority = 0)
{
    /// <summary>An alias of priority 0.</summary>
    /// <param name="name">The alias.</param>
    public static implicit operator ModelAlias(string name) => FromString(name);

    /// <summary>An alias of priority 0.</summary>
    /// <param name="name">The alias.</param>
    /// <returns>The alias.</returns>
    public static ModelAlias FromString(string name) => new(name);
}

using FluxImaging.Providers;

namespace FluxImaging.Client;

/// <summary>
/// Resolves a model or alias, and an optional provider pin, to the providers to try in order: the order configured in
/// <c>FluxImaging:Routing</c> when there is one, then the priority each provider declared for the alias, then
/// registration order. It knows no provider by name. Immutable after construction, so one instance serves every
/// request without locks.
/// </summary>
internal sealed class ModelRouter
{
    private readonly IReadOnlyList<IImageProvider> _providers;
    private readonly Dictionary<string, List<string>> _routing;

    public ModelRouter(IReadOnlyList<IImageProvider> providers, FluxImagingOptions options)
    {
        _providers = providers;
        _routing = new Dictionary<string, List<string>>(options.Routing, StringComparer.OrdinalIgnoreCase);
        DefaultModel = options.DefaultModel;
        Routes = BuildRoutes();
    }

    public string DefaultModel { get; }

    public IReadOnlyList<ImageModelRoute> Routes { get; }

    /// <summary>The providers to try for a request, in order; throws <see cref="FluxImagingErrorKind.NotFound"/> when there are none.</summary>
    public IReadOnlyList<IImageProvider> Resolve(string? model, string? providerPin)
    {
        if (!string.IsNullOrWhiteSpace(providerPin))
        {
            return ResolvePinned(model, providerPin);
        }

        var wanted = model ?? DefaultModel;
        var serving = Ordered(wanted);
        if (serving.Count == 0)
        {
            var known = string.Join(", ", Routes.Select(r => r.Model));
            throw new FluxImagingException(
                FluxImagingErrorKind.NotFound,
                $"No registered provider serves the model '{UpstreamText.Echo(wanted)}'. Known models: {(known.Length == 0 ? "none (register a provider)" : known)}.");
        }

        return serving;
    }

    private List<IImageProvider> ResolvePinned(string? model, string providerPin)
    {
        var pinned = new List<IImageProvider>();
        foreach (var name in providerPin.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var provider = _providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new FluxImagingException(
                    FluxImagingErrorKind.NotFound,
                    $"No provider is named '{UpstreamText.Echo(name)}'. Registered providers: {string.Join(", ", _providers.Select(p => p.Name))}.");
            if (model is not null && !provider.Models.Serves(model))
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.NotFound,
                    $"The provider '{provider.Name}' does not serve the model '{UpstreamText.Echo(model)}'. It serves: {string.Join(", ", provider.Models.Ids.Concat(provider.Models.Aliases))}.",
                    provider.Name);
            }

            if (!pinned.Contains(provider))
            {
                pinned.Add(provider);
            }
        }

        return pinned.Count > 0
            ? pinned
            : throw new FluxImagingException(FluxImagingErrorKind.InvalidRequest, "The provider pin names no provider.");
    }

    private List<IImageProvider> Ordered(string model)
    {
        // OrderByDescending is stable: equal priorities keep registration order.
        var serving = _providers.Where(p => p.Models.Serves(model)).OrderByDescending(p => p.Models.PriorityOf(model)).ToList();
        if (!_routing.TryGetValue(model, out var configured))
        {
            return serving;
        }

        var result = new List<IImageProvider>(serving.Count);
        foreach (var name in configured)
        {
            var match = serving.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (match is not null && !result.Contains(match))
            {
                result.Add(match);
            }
        }

        result.AddRange(serving.Where(p => !result.Contains(p)));
        return result;
    }

    private List<ImageModelRoute> BuildRoutes()
    {
        var routes = new List<ImageModelRoute>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in _providers)
        {
            foreach (var id in provider.Models.Ids)
            {
                if (seen.Add(id))
                {
                    routes.Add(new ImageModelRoute(id, IsAlias: false, Ordered(id).Select(p => p.Name).ToArray()));
                }
            }
        }

        foreach (var provider in _providers)
        {
            foreach (var alias in provider.Models.Aliases)
            {
                if (seen.Add(alias))
                {
                    routes.Add(new ImageModelRoute(alias, IsAlias: true, Ordered(alias).Select(p => p.Name).ToArray()));
                }
            }
        }

        return routes;
    }
}

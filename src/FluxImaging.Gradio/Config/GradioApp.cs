using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio.Config;

/// <summary>
/// What a client knows about a Gradio app: the API prefix (<c>""</c> on 4.x, <c>/gradio_api</c> on 5.x+), the root that
/// relative file URLs resolve against, and its functions — discovered from <c>/config</c>, or assumed when that failed.
/// </summary>
internal sealed class GradioApp
{
    private readonly Dictionary<string, GradioFunction> _functions;

    private GradioApp(Uri endpoint, string prefix, Uri root, string? version, bool discovered, Dictionary<string, GradioFunction> functions)
    {
        Endpoint = endpoint;
        Prefix = prefix;
        Root = root;
        Version = version;
        Discovered = discovered;
        _functions = functions;
    }

    /// <summary>The configured base URL; every API call goes here (never to <c>config.root</c>, which may be foreign).</summary>
    public Uri Endpoint { get; }

    /// <summary>The API prefix: <c>""</c> or <c>/gradio_api</c>.</summary>
    public string Prefix { get; }

    /// <summary>The base for relative file URLs (the app's <c>root</c>, else the endpoint).</summary>
    public Uri Root { get; }

    /// <summary>The Gradio version the app reported, when discovered.</summary>
    public string? Version { get; }

    /// <summary>False when <c>/config</c> could not be read and the layout is the configured assumption.</summary>
    public bool Discovered { get; }

    /// <summary>An app assumed from configuration, because <c>/config</c> could not be read.</summary>
    public static GradioApp Assumed(Uri endpoint, string prefix) =>
        new(endpoint, NormalizePrefix(prefix), endpoint, null, discovered: false, new Dictionary<string, GradioFunction>(StringComparer.Ordinal));

    /// <summary>An app described by its <c>/config</c>.</summary>
    public static GradioApp FromConfig(Uri endpoint, ConfigDocument config)
    {
        var components = (config.Components ?? []).GroupBy(c => c.Id).ToDictionary(
            g => g.Key,
            g =>
            {
                var c = g.First();
                return new GradioComponent(c.Id, c.Type ?? "unknown", c.Props?.Label, c.Props?.Minimum, c.Props?.Maximum, c.Props?.Value ?? default);
            });

        var functions = new Dictionary<string, GradioFunction>(StringComparer.Ordinal);
        var dependencies = config.Dependencies ?? [];
        for (var index = 0; index < dependencies.Count; index++)
        {
            var dependency = dependencies[index];
            if (dependency.ApiName.ValueKind != System.Text.Json.JsonValueKind.String)
            {
                continue;
            }

            var name = dependency.ApiName.GetString()!.TrimStart('/');
            if (name.Length == 0 || functions.ContainsKey(name))
            {
                continue; // The first dependency with a name wins, as in Gradio's own clients.
            }

            functions[name] = new GradioFunction(
                name,
                dependency.Id ?? index,
                TriggerOf(dependency),
                (dependency.Inputs ?? []).Select(id => ComponentOf(components, id)).ToArray(),
                (dependency.Outputs ?? []).Select(id => ComponentOf(components, id)).ToArray(),
                dependency.Types?.Generator ?? false);
        }

        var root = Uri.TryCreate(config.Root?.TrimEnd('/'), UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : endpoint;
        return new GradioApp(endpoint, NormalizePrefix(config.ApiPrefix ?? string.Empty), root, config.Version, discovered: true, functions);
    }

    /// <summary>The function with this api_name, or null when unknown (or when nothing was discovered).</summary>
    public GradioFunction? Function(string apiName) => _functions.GetValueOrDefault(apiName.TrimStart('/'));

    /// <summary>An API URL: <c>{endpoint}{prefix}{path}</c>.</summary>
    public Uri ApiUri(string path) => new($"{Endpoint.AbsoluteUri.TrimEnd('/')}{Prefix}{path}");

    /// <summary>The same app with the other URL layout, for a one-time switch after a 404 when nothing was discovered.</summary>
    public GradioApp WithOtherLayout() => Assumed(Endpoint, Prefix.Length == 0 ? GradioLayouts.Gradio5Prefix : string.Empty);

    private static int? TriggerOf(DependencyDocument dependency)
    {
        if (dependency.Targets is not [var first, ..])
        {
            return null;
        }

        var id = first.ValueKind == System.Text.Json.JsonValueKind.Array && first.GetArrayLength() > 0 ? first[0] : first;
        return id.ValueKind == System.Text.Json.JsonValueKind.Number && id.TryGetInt32(out var value) ? value : null;
    }

    private static GradioComponent ComponentOf(Dictionary<int, GradioComponent> components, int id) =>
        components.GetValueOrDefault(id) ?? new GradioComponent(id, "unknown", null, null, null, default);

    private static string NormalizePrefix(string prefix) => prefix.Length == 0 ? string.Empty : "/" + prefix.Trim('/');
}

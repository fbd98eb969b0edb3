using FluxImaging.Gradio.Config;
using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio;

/// <summary>
/// What a client knows about a Gradio app: the API prefix (<c>""</c> on 4.x, <c>/gradio_api</c> on 5.x+), the root that
/// relative file URLs resolve against, its protocol and its named functions — discovered from <c>/config</c>, or
/// assumed from settings when that failed (<see cref="Discovered"/> false).
/// </summary>
public sealed class GradioApp
{
    private readonly Dictionary<string, GradioFunction> _functions;

    private GradioApp(Uri endpoint, string prefix, Uri root, string? version, string? protocol, string? spaceId, bool discovered, Dictionary<string, GradioFunction> functions)
    {
        Endpoint = endpoint;
        Prefix = prefix;
        Root = root;
        Version = version;
        Protocol = protocol;
        SpaceId = spaceId;
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

    /// <summary>The event-stream protocol the app speaks (<c>sse_v3</c> on current apps), when discovered.</summary>
    public string? Protocol { get; }

    /// <summary>The Hugging Face Space id the app reported (<c>owner/name</c>), when it runs on Hugging Face.</summary>
    public string? SpaceId { get; }

    /// <summary>False when <c>/config</c> could not be read and the layout is the configured assumption.</summary>
    public bool Discovered { get; }

    /// <summary>The named functions, in the order of the app's dependencies.</summary>
    public IReadOnlyCollection<GradioFunction> Functions => _functions.Values;

    internal static GradioApp Assumed(Uri endpoint, string prefix) =>
        new(endpoint, NormalizePrefix(prefix), endpoint, null, null, null, discovered: false, new Dictionary<string, GradioFunction>(StringComparer.Ordinal));

    internal static GradioApp FromConfig(Uri endpoint, ConfigDocument config)
    {
        var components = (config.Components ?? []).GroupBy(c => c.Id).ToDictionary(
            g => g.Key,
            g =>
            {
                var c = g.First();
                return new GradioComponent(c.Id, c.Type ?? "unknown", c.Props?.Label, c.Props?.Minimum, c.Props?.Maximum, c.Props?.Step, c.Props?.Value ?? default, c.SkipApi ?? false);
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
                dependency.Types?.Generator ?? false)
            {
                UsesQueue = dependency.Queue ?? config.EnableQueue ?? true,
            };
        }

        // root is what relative file URLs resolve against, never where API calls go (it may name a foreign host).
        var root = Uri.TryCreate(config.Root?.TrimEnd('/'), UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : endpoint;
        return new GradioApp(endpoint, NormalizePrefix(config.ApiPrefix ?? string.Empty), root, config.Version, config.Protocol, config.SpaceId, discovered: true, functions);
    }

    /// <summary>The function with this api_name (with or without its slash), or null when unknown or when nothing was discovered.</summary>
    /// <param name="apiName">The api_name, e.g. <c>infer</c>.</param>
    /// <returns>The function, or null.</returns>
    public GradioFunction? Function(string apiName)
    {
        ArgumentNullException.ThrowIfNull(apiName);
        return _functions.GetValueOrDefault(apiName.TrimStart('/'));
    }

    /// <summary>An API URL: <c>{endpoint}{prefix}{path}</c>.</summary>
    /// <param name="path">The path after the prefix, starting with a slash, e.g. <c>/queue/join</c>.</param>
    /// <returns>The URL.</returns>
    public Uri ApiUri(string path) => new($"{Endpoint.AbsoluteUri.TrimEnd('/')}{Prefix}{path}");

    /// <summary>The same app with the other URL layout, for a one-time switch after a 404 when nothing was discovered.</summary>
    internal GradioApp WithOtherLayout() => Assumed(Endpoint, Prefix.Length == 0 ? GradioLayouts.Gradio5Prefix : string.Empty);

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
        components.GetValueOrDefault(id) ?? new GradioComponent(id, "unknown", null, null, null, null, default, SkipApi: false);

    private static string NormalizePrefix(string prefix) => prefix.Length == 0 ? string.Empty : "/" + prefix.Trim('/');
}

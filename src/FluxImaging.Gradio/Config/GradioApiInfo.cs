namespace FluxImaging.Gradio;

/// <summary>What an app's <c>/info</c> says about its API: its public named endpoints.</summary>
public sealed class GradioApiInfo
{
    private readonly Dictionary<string, GradioEndpoint> _endpoints;

    internal GradioApiInfo(IReadOnlyList<GradioEndpoint> endpoints)
    {
        Endpoints = endpoints;
        _endpoints = endpoints.GroupBy(e => e.ApiName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>The public named endpoints, in the order the app lists them.</summary>
    public IReadOnlyList<GradioEndpoint> Endpoints { get; }

    /// <summary>The endpoint with this api_name (with or without its slash), or null.</summary>
    /// <param name="apiName">The api_name, e.g. <c>infer</c>.</param>
    /// <returns>The endpoint, or null.</returns>
    public GradioEndpoint? Endpoint(string apiName)
    {
        ArgumentNullException.ThrowIfNull(apiName);
        return _endpoints.GetValueOrDefault(apiName.TrimStart('/'));
    }
}

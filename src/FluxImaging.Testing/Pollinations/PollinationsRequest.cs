namespace FluxImaging.Testing.Pollinations;

/// <summary>
/// One image request the emulated Pollinations service received, with its path and query exactly as sent (the host's
/// <see cref="RecordedRequest.Path"/> is already decoded), so tests can check the encoding, the seed and where a key went.
/// </summary>
public sealed class PollinationsRequest
{
    private readonly IReadOnlyDictionary<string, string> _headers;

    internal PollinationsRequest(string host, string rawPath, string rawQuery, string route, string? prompt, IReadOnlyList<KeyValuePair<string, string>> parameters, IReadOnlyDictionary<string, string> headers)
    {
        Host = host;
        RawPath = rawPath;
        RawQuery = rawQuery;
        Route = route;
        Prompt = prompt;
        Parameters = parameters;
        _headers = headers;
    }

    /// <summary>The <c>Host</c> header, e.g. <c>127.0.0.1:41234</c> or <c>gen.pollinations.ai</c>.</summary>
    public string Host { get; }

    /// <summary>The path as sent, still percent-encoded, e.g. <c>/prompt/a%20red%20fox</c>.</summary>
    public string RawPath { get; }

    /// <summary>The query as sent, without its <c>?</c>.</summary>
    public string RawQuery { get; }

    /// <summary><c>prompt</c> for the legacy <c>/prompt/{p}</c>, <c>image</c> for the gateway's <c>/image/{p}</c>.</summary>
    public string Route { get; }

    /// <summary>The prompt the service decoded from the path; null when the path was not valid percent-encoded UTF-8.</summary>
    public string? Prompt { get; }

    /// <summary>The query parameters, decoded, in the order sent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The request headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Headers => _headers;

    /// <summary>The first value of a query parameter, or null when it was not sent.</summary>
    /// <param name="name">The parameter name, e.g. <c>seed</c>.</param>
    /// <returns>The decoded value, or null.</returns>
    public string? Parameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)) is { Key: not null } found ? found.Value : null;

    /// <summary>The value of a header, or null when absent.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value, or null.</returns>
    public string? Header(string name) => _headers.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc />
    public override string ToString() => $"GET {RawPath}?{RawQuery}";
}

namespace FluxImaging.Pollinations;

/// <summary>
/// Where images are asked for: <c>{endpoint}/prompt/{prompt}</c> on the legacy service and on any mirror, or
/// <c>{endpoint}/image/{prompt}</c> on the gateway <c>gen.pollinations.ai</c>. A path in the endpoint
/// (<c>http://host/mirror</c>) is kept as a prefix.
/// </summary>
internal sealed class PollinationsEndpoint
{
    /// <summary>The host of the authenticated gateway.</summary>
    public const string GatewayHost = "gen.pollinations.ai";

    public PollinationsEndpoint(Uri endpoint)
    {
        IsGateway = string.Equals(endpoint.IdnHost, GatewayHost, StringComparison.OrdinalIgnoreCase);
        var prefix = endpoint.AbsolutePath.TrimEnd('/');
        var route = IsGateway ? "/image/" : "/prompt/";
        GeneratePrefix = endpoint.GetLeftPart(UriPartial.Authority) + prefix + route;
        GeneratePath = prefix + route;
        Operation = $"GET {GeneratePath}{{prompt}}";
    }

    /// <summary>True for the gateway, which reads <c>"false"</c> as true: its boolean flags are sent only when true.</summary>
    public bool IsGateway { get; }

    /// <summary>The URL up to the prompt, e.g. <c>https://image.pollinations.ai/prompt/</c>.</summary>
    public string GeneratePrefix { get; }

    /// <summary>The path up to the prompt, e.g. <c>/prompt/</c>.</summary>
    public string GeneratePath { get; }

    /// <summary>The request as messages name it, without the prompt (which may be private, and long): <c>GET /prompt/{prompt}</c>.</summary>
    public string Operation { get; }
}

namespace FluxImaging;

/// <summary>
/// Settings every provider has; bound from <c>FluxImaging:Providers:&lt;Name&gt;</c>. Provider packages derive their own
/// options from this type, passing their public service as the default endpoint.
/// </summary>
public class ImageProviderOptions
{
    /// <summary>Creates options without a default endpoint: <see cref="Endpoint"/> must then be configured.</summary>
    public ImageProviderOptions()
    {
        Endpoint = null!;
    }

    /// <summary>Creates options whose endpoint is the provider's public service.</summary>
    /// <param name="defaultEndpoint">The provider's public base URL.</param>
    protected ImageProviderOptions(Uri defaultEndpoint)
    {
        Endpoint = defaultEndpoint;
    }

    /// <summary>The base URL of the upstream; point it at a mirror, a proxy or an emulator. Required when the provider has no default.</summary>
    public Uri Endpoint { get; set; }

    /// <summary>
    /// Whether the provider finds its endpoint by itself when none is configured (a Gradio Space from its id, for
    /// example); when false, a missing <see cref="Endpoint"/> fails validation at start.
    /// </summary>
    protected virtual bool ResolvesEndpoint => false;

    // The plain options of AddProvider<TProvider>() belong to providers that may call no service at all.
    internal bool EndpointOptional => ResolvesEndpoint || GetType() == typeof(ImageProviderOptions);

    /// <summary>An optional proxy for this provider's connections: an <c>http</c>, <c>https</c> or <c>socks5</c> URI.</summary>
    public Uri? Proxy { get; set; }

    /// <summary>Overrides of the shared time limits for this provider.</summary>
    public ProviderTimeoutOptions Timeouts { get; set; } = new();

    /// <summary>Overrides of the shared retry settings for this provider.</summary>
    public ProviderRetryOptions Retry { get; set; } = new();

    /// <summary>Overrides of the shared byte limits for this provider.</summary>
    public ProviderLimitOptions Limits { get; set; } = new();
}

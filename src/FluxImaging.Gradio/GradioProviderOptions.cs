namespace FluxImaging.Gradio;

/// <summary>Settings shared by providers that talk to a Gradio app (a Hugging Face Space).</summary>
public abstract class GradioProviderOptions : ImageProviderOptions
{
    /// <summary>Creates options whose endpoint is the Space's public URL.</summary>
    /// <param name="defaultEndpoint">The Space's base URL.</param>
    /// <param name="defaultApiPrefix">The URL layout to assume when <c>/config</c> cannot be read.</param>
    protected GradioProviderOptions(Uri defaultEndpoint, string defaultApiPrefix)
        : base(defaultEndpoint)
    {
        ApiPrefix = defaultApiPrefix;
    }

    /// <summary>
    /// The API prefix assumed when <c>/config</c> cannot be read: <c>""</c> for Gradio 4.x, <c>/gradio_api</c> for 5.x and
    /// later. When <c>/config</c> is readable its <c>api_prefix</c> wins.
    /// </summary>
    public string ApiPrefix { get; set; }

    /// <summary>The largest <c>/config</c> document accepted (decoded bytes); a larger one fails the generation.</summary>
    /// <value>Default 8 MiB.</value>
    public long MaxConfigBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>How long a discovered <c>/config</c> is reused. Default 10 minutes.</summary>
    public TimeSpan ConfigCacheDuration { get; set; } = TimeSpan.FromMinutes(10);
}

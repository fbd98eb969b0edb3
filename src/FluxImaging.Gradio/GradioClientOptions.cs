namespace FluxImaging.Gradio;

/// <summary>
/// Settings of a <see cref="GradioClient"/> for one Gradio app (a Hugging Face Space). Providers that talk to a Space
/// derive their options from this type; the common settings (<c>Endpoint</c>, <c>Proxy</c>, <c>Timeouts</c>,
/// <c>Limits</c>) come from <see cref="ImageProviderOptions"/>.
/// </summary>
public class GradioClientOptions : ImageProviderOptions
{
    /// <summary>Creates options without a default endpoint: set <see cref="ImageProviderOptions.Endpoint"/> or <see cref="Space"/>.</summary>
    public GradioClientOptions()
    {
    }

    /// <summary>Creates options whose endpoint is a Space's public URL.</summary>
    /// <param name="defaultEndpoint">The Space's base URL.</param>
    /// <param name="defaultApiPrefix">The URL layout to assume when <c>/config</c> cannot be read.</param>
    protected GradioClientOptions(Uri defaultEndpoint, string defaultApiPrefix)
        : base(defaultEndpoint)
    {
        ApiPrefix = defaultApiPrefix;
    }

    /// <summary>
    /// The API prefix assumed when <c>/config</c> cannot be read: <c>""</c> for Gradio 4.x, <c>/gradio_api</c> for 5.x and
    /// later. When <c>/config</c> is readable its <c>api_prefix</c> wins.
    /// </summary>
    /// <value>Default <c>/gradio_api</c>.</value>
    public string ApiPrefix { get; set; } = "/gradio_api";

    /// <inheritdoc />
    protected override bool ResolvesEndpoint => !string.IsNullOrWhiteSpace(Space);

    /// <summary>How long a discovered <c>/config</c> (and <c>/info</c>) is reused.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan ConfigCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The largest <c>/config</c> document accepted (decoded bytes).</summary>
    /// <value>Default 8 MiB.</value>
    public long MaxConfigBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>The largest <c>/info</c> document accepted (decoded bytes).</summary>
    /// <value>Default 8 MiB.</value>
    public long MaxInfoBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// The Space's id on Hugging Face (<c>owner/name</c>), when it is a Space; null otherwise. Without an
    /// <see cref="ImageProviderOptions.Endpoint"/>, the client asks the Hugging Face API where the Space runs (on its
    /// first call) and sets <c>Endpoint</c> to that.
    /// </summary>
    public string? Space { get; set; }

    /// <summary>The Hugging Face API, for Space information and tokens.</summary>
    /// <value>Default <c>https://huggingface.co</c>.</value>
    public Uri HuggingFaceEndpoint { get; set; } = new("https://huggingface.co");

    /// <summary>
    /// Your Hugging Face token (<c>hf_…</c>): for a private Space, and so that a ZeroGPU Space charges your quota. It is
    /// sent as <c>Authorization</c> and <c>X-HF-Authorization</c> to the Space's own host only — never to another host,
    /// never logged.
    /// </summary>
    public string? HuggingFaceToken { get; set; }
}

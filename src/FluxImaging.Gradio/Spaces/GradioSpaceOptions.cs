namespace FluxImaging.Gradio;

/// <summary>
/// Settings of one Gradio Space served as an image provider; bound from <c>FluxImaging:Spaces:&lt;Name&gt;</c> (the
/// provider's name is <c>&lt;Name&gt;</c>). Only <see cref="ImageProviderOptions.Endpoint"/> or
/// <see cref="GradioClientOptions.Space"/> is needed: the function, its parameters and its outputs are discovered from
/// the app's <c>/config</c> and <c>/info</c>.
/// </summary>
public class GradioSpaceOptions : GradioClientOptions
{
    /// <summary>The anonymous ZeroGPU value the browser integration sends.</summary>
    public const string AnonymousZeroGpuValue = "[object Object]";

    /// <summary>Creates options without a default Space: set <c>Endpoint</c> or <c>Space</c>.</summary>
    public GradioSpaceOptions()
    {
    }

    /// <summary>Creates options for a known Space.</summary>
    /// <param name="defaultEndpoint">The Space's base URL.</param>
    /// <param name="defaultApiPrefix">The URL layout to assume when <c>/config</c> cannot be read.</param>
    protected GradioSpaceOptions(Uri defaultEndpoint, string defaultApiPrefix)
        : base(defaultEndpoint, defaultApiPrefix)
    {
    }

    /// <summary>
    /// The endpoint to call, e.g. <c>infer</c>. Default: the only named endpoint whose outputs include an image; a Space
    /// with several such endpoints must name one here.
    /// </summary>
    public string? ApiName { get; set; }

    /// <summary>
    /// The model ids served: the first is the default model, the others aliases. Default: one id derived from
    /// <see cref="GradioClientOptions.Space"/> (<c>owner/name</c> → <c>owner-name</c>, lower case), else the provider's name.
    /// </summary>
    public List<string> Models { get; set; } = [];

    /// <summary>The priority with which this Space serves its aliases when other providers serve them too (higher first).</summary>
    /// <value>Default 0.</value>
    public int Priority { get; set; }

    /// <summary>A human-readable name for status lines (e.g. <c>FLUX.1-dev</c>); the Space id or the provider's name by default.</summary>
    public string? Label { get; set; }

    /// <summary>
    /// Overrides of the mapping of single parameters, by parameter name: a request field (<c>prompt</c>,
    /// <c>negative_prompt</c>, <c>seed</c>, <c>randomize_seed</c>, <c>width</c>, <c>height</c>, <c>steps</c>,
    /// <c>guidance</c>, <c>image</c>, <c>mask</c>, <c>count</c>) or a JSON literal (<c>42</c>, <c>"euler"</c>, <c>true</c>) sent as is.
    /// </summary>
    public Dictionary<string, string> Inputs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Values, by parameter name, used when the request does not set them, instead of the Space's own defaults (JSON
    /// literals: <c>Defaults:num_inference_steps=28</c>).
    /// </summary>
    public Dictionary<string, string> Defaults { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Rounds a requested width and height down to a multiple of this (then into the slider's range) instead of onto the
    /// slider's step, for Spaces whose model needs it. Unset by default.
    /// </summary>
    public int? SizeMultiple { get; set; }

    /// <summary>The protocol jobs use.</summary>
    /// <value>Default <see cref="GradioProtocol.Auto"/>: the queue, which carries progress, previews and error texts.</value>
    public GradioProtocol Protocol { get; set; }

    /// <summary>
    /// Whether the Space runs on ZeroGPU: <c>auto</c> (a Space on Hugging Face), <c>true</c> or <c>false</c>. On ZeroGPU
    /// the queue join carries <c>x-zerogpu-token</c> and <c>x-zerogpu-uuid</c>.
    /// </summary>
    /// <value>Default <c>auto</c>.</value>
    public string ZeroGpu { get; set; } = "auto";

    /// <summary>A ready ZeroGPU token (a JWT); wins over one fetched with <see cref="GradioClientOptions.HuggingFaceToken"/>. Sent only on the queue join.</summary>
    public string? ZeroGpuToken { get; set; }

    /// <summary>The <c>x-zerogpu-uuid</c> value.</summary>
    /// <value>Default <c>[object Object]</c>, as the browser integration sends it.</value>
    public string ZeroGpuUuid { get; set; } = AnonymousZeroGpuValue;

    /// <summary>Without any credential, whether to send the anonymous <c>[object Object]</c> ZeroGPU headers or none.</summary>
    /// <value>Default true.</value>
    public bool SendAnonymousZeroGpuHeaders { get; set; } = true;

    /// <summary>How long a ZeroGPU token fetched from the Hugging Face API is requested to live.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan ZeroGpuTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long to wait for a sleeping or starting Space (its stage is read from the Hugging Face API when
    /// <see cref="GradioClientOptions.Space"/> is known), within the generation's deadline.
    /// </summary>
    /// <value>Default 2 minutes.</value>
    public TimeSpan WakeTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a starting Space's stage is read again.</summary>
    /// <value>Default 2 seconds.</value>
    public TimeSpan WakePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether requests take input images; unset, the Space's parameters decide once they are known.</summary>
    public ImageInputSupport? ImageInput { get; set; }

    /// <summary>Whether requests may carry a mask with their input image; unset, the Space's parameters decide once they are known (a parameter named <c>mask</c>, <c>mask_image</c>, … or one mapped to <c>mask</c>).</summary>
    public bool? AcceptsMask { get; set; }

    /// <summary>
    /// The function to run when the Space's <c>/config</c> and <c>/info</c> cannot be read: its <c>fn_index</c>,
    /// trigger and parameter names in order (for example the reference values of a well-known Space).
    /// </summary>
    public GradioSpaceFallback? Fallback { get; set; }
}

/// <summary>A Space's function as it is known without discovery.</summary>
public sealed class GradioSpaceFallback
{
    /// <summary>The <c>fn_index</c>.</summary>
    public int FnIndex { get; set; }

    /// <summary>The trigger's component id, if any.</summary>
    public int? TriggerId { get; set; }

    /// <summary>The parameter names, in the order the function takes them.</summary>
    public List<string> Parameters { get; set; } = [];
}

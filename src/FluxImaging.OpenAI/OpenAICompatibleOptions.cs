namespace FluxImaging.OpenAI;

/// <summary>
/// Settings of one OpenAI-compatible endpoint: bound from <c>FluxImaging:Providers:OpenAI</c> for the provider
/// <c>OpenAI</c>, and from <c>FluxImaging:Providers:OpenAI:Instances:&lt;Name&gt;</c> for each further instance.
/// An instance inherits nothing from <c>FluxImaging:Providers:OpenAI</c>: its endpoint, key and models are its own.
/// </summary>
public sealed class OpenAICompatibleOptions : ImageProviderOptions
{
    /// <summary>OpenAI's API.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.openai.com");

    /// <summary>Creates the defaults: OpenAI's API and its image models.</summary>
    public OpenAICompatibleOptions()
        : base(DefaultEndpoint)
    {
    }

    /// <summary>
    /// How the endpoint wants to be spoken to: <see cref="OpenAIDialect.OpenAI"/> (configured as <c>openai</c>, the
    /// default) or <see cref="OpenAIDialect.G4F"/> (<c>g4f</c>, a gpt4free server).
    /// </summary>
    public OpenAIDialect Dialect { get; set; }

    /// <summary>
    /// The endpoint's key, if it needs one: sent as <c>Authorization: Bearer</c> (<c>openai</c>) or as
    /// <c>g4f-api-key</c> (<c>g4f</c>), to this endpoint's host only, never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The model ids the endpoint serves (the endpoint decides what exists); the first is the default. Default
    /// <c>gpt-image-1</c>, <c>dall-e-3</c>, <c>dall-e-2</c> for <c>openai</c>, and <c>flux</c> (gpt4free's default
    /// image model) for <c>g4f</c>. Requests for these ids are sent with the id as <c>model</c>.
    /// </summary>
    public List<string> Models { get; set; } = [];

    /// <summary>
    /// Further names the provider answers to, each with its routing priority (<c>Aliases:flux-pro=100</c>): a request
    /// for an alias runs the default model. When several providers serve a name, the highest priority goes first
    /// (FLUX.1-dev holds <c>flux</c> at 300, FLUX.1-schnell at 200); a model id counts as priority 0.
    /// </summary>
    public Dictionary<string, int> Aliases { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The <c>response_format</c> to ask for: <c>url</c>, <c>b64_json</c>, or null to let the endpoint choose (GPT image
    /// models always answer base64). Both kinds of answer are understood either way.
    /// </summary>
    public string? ResponseFormat { get; set; }

    /// <summary>The largest response body accepted (base64 images are large). Default 64 MiB.</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    internal IReadOnlyList<string> EffectiveModels => Models.Count > 0
        ? Models
        : Dialect == OpenAIDialect.G4F ? ["flux"] : ["gpt-image-1", "dall-e-3", "dall-e-2"];
}

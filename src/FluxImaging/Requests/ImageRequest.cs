namespace FluxImaging;

/// <summary>
/// What to generate. The prompt is required; everything else is optional and left to the provider's defaults when unset.
/// </summary>
/// <remarks>
/// Values the client can judge (an empty prompt, a non-positive size, an unknown aspect ratio) are rejected with an
/// <see cref="ArgumentException"/> as they are set. Values only the upstream can judge (a size beyond its maximum) are
/// left to the provider, which clamps or reports them. A record, so <c>request with { Seed = 42 }</c> copies it.
/// </remarks>
public sealed record ImageRequest
{
    private readonly int? _width;
    private readonly int? _height;
    private readonly string? _aspectRatio;
    private readonly int? _steps;
    private readonly double? _guidanceScale;
    private readonly int _count = 1;

    /// <summary>A request for <paramref name="prompt"/>.</summary>
    /// <param name="prompt">What the image should show; not empty.</param>
    public ImageRequest(string prompt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        Prompt = prompt;
    }

    /// <summary>What the image should show.</summary>
    public string Prompt { get; }

    /// <summary>What the image should not show, for providers that take it.</summary>
    public string? NegativePrompt { get; init; }

    /// <summary>The width in pixels; wins over <see cref="AspectRatio"/>. Providers round or clamp it to what they accept.</summary>
    public int? Width
    {
        get => _width;
        init => _width = Positive(value, nameof(Width));
    }

    /// <summary>The height in pixels; wins over <see cref="AspectRatio"/>. Providers round or clamp it to what they accept.</summary>
    public int? Height
    {
        get => _height;
        init => _height = Positive(value, nameof(Height));
    }

    /// <summary>An aspect ratio from <see cref="AspectRatios.Known"/> (e.g. <c>16:9</c>) that fills in whichever of width and height is unset.</summary>
    public string? AspectRatio
    {
        get => _aspectRatio;
        init
        {
            if (value is not null && !AspectRatios.TryGetSize(value, out _))
            {
                throw new ArgumentException($"Unknown aspect ratio '{value}'. Known: {string.Join(", ", AspectRatios.Known)}.", nameof(AspectRatio));
            }

            _aspectRatio = value;
        }
    }

    /// <summary>The number of inference steps, for providers that take it.</summary>
    public int? Steps
    {
        get => _steps;
        init => _steps = Positive(value, nameof(Steps));
    }

    /// <summary>The guidance scale (a decimal such as 3.5), for providers that take it.</summary>
    public double? GuidanceScale
    {
        get => _guidanceScale;
        init
        {
            if (value is { } v && (!double.IsFinite(v) || v < 0))
            {
                throw new ArgumentOutOfRangeException(nameof(GuidanceScale), value, "The guidance scale must be a finite, non-negative number.");
            }

            _guidanceScale = value;
        }
    }

    /// <summary>
    /// How many final images to ask for (1 to 10; default 1). Providers whose upstream returns several images per call
    /// (OpenAI-compatible endpoints) ask for this many; the others return one image per generation.
    /// </summary>
    public int Count
    {
        get => _count;
        init => _count = value is >= 1 and <= 10 ? value : throw new ArgumentOutOfRangeException(nameof(Count), value, "Count must be between 1 and 10.");
    }

    /// <summary>The seed; null lets the upstream pick a random one. A seed makes providers turn off their own randomisation.</summary>
    public long? Seed { get; init; }

    /// <summary>The model or alias (<c>flux</c>, <c>flux-schnell</c>, <c>flux-dev</c>, <c>sdxl-turbo</c>, …); null means the configured default.</summary>
    public string? Model { get; init; }

    /// <summary>Pins the request to one provider by name (for example <c>BlackForestLabs</c>), bypassing the routing order.</summary>
    public string? Provider { get; init; }

    /// <summary>
    /// Images for the model to start from (editing, image-to-image), in order. Only providers whose models take them
    /// (<see cref="ImageProviderModels.ImageInput"/>) are tried; a model that needs one is not tried without.
    /// </summary>
    public IReadOnlyList<ImageInput> InputImages { get; init; } = [];

    /// <summary>A mask for the first input image (transparent pixels mark what to change), for providers that take one.</summary>
    public ImageInput? Mask { get; init; }

    /// <summary>Provider-specific extras, sent as additional fields where a provider supports them (they never replace the prompt or size).</summary>
    public IReadOnlyDictionary<string, object?> AdditionalProperties { get; init; } = new Dictionary<string, object?>();

    /// <summary>
    /// A request whose prompt is the last user message of a conversation, as chat front-ends send it.
    /// </summary>
    /// <param name="messages">The conversation, oldest first; at least one message from the <c>user</c> role with text.</param>
    /// <returns>A request for that prompt.</returns>
    /// <exception cref="ArgumentException">No user message with text.</exception>
    public static ImageRequest FromMessages(IEnumerable<PromptMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = messages.LastOrDefault(m => string.Equals(m.Role, "user", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(m.Content))?.Content;
        return prompt is null
            ? throw new ArgumentException("The conversation has no user message to use as the prompt.", nameof(messages))
            : new ImageRequest(prompt);
    }

    /// <summary>
    /// The size to send: explicit width and height win, a missing one comes from <see cref="AspectRatio"/>, and what is
    /// still missing from <paramref name="fallback"/> (the provider's default).
    /// </summary>
    /// <param name="fallback">The provider's default size.</param>
    /// <returns>A size with both dimensions set.</returns>
    public ImageSize ResolveSize(ImageSize fallback)
    {
        var fromRatio = AspectRatio is not null && AspectRatios.TryGetSize(AspectRatio, out var ratioSize) ? ratioSize : fallback;
        return new ImageSize(Width ?? fromRatio.Width, Height ?? fromRatio.Height);
    }

    /// <summary>Describes the request without its prompt, which may be private and is only logged at Debug level.</summary>
    /// <returns>The model, provider pin and size settings.</returns>
    public override string ToString() =>
        $"ImageRequest {{ Model = {Model ?? "(default)"}, Provider = {Provider ?? "(any)"}, Width = {Width}, Height = {Height}, AspectRatio = {AspectRatio}, Steps = {Steps}, Seed = {Seed}, InputImages = {InputImages.Count} }}";

    private static int? Positive(int? value, string name) =>
        value is <= 0 ? throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.") : value;
}

namespace FluxImaging.Pollinations;

/// <summary>
/// The URLs of one generation: one per image, seeds <c>s, s+1, …</c>, all sharing one prompt that fits
/// <see cref="PollinationsOptions.MaxUrlLength"/>. A prompt whose encoded form is too long is cut before encoding,
/// between two Unicode scalars, so no escape or UTF-8 sequence is ever split.
/// </summary>
internal sealed class PollinationsRequestPlan
{
    /// <summary>When the URL has no room for even this many characters of the prompt, the request is refused.</summary>
    public const int MinPromptScalars = 16;

    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly string _urlBeforeQuery;
    private readonly string[] _queries;

    private PollinationsRequestPlan(string urlBeforeQuery, string[] queries, long firstSeed, ImageSize size, string prompt, FittedText fitted)
    {
        _urlBeforeQuery = urlBeforeQuery;
        _queries = queries;
        FirstSeed = firstSeed;
        Size = size;
        Prompt = prompt;
        Fitted = fitted;
    }

    /// <summary>The seed of the first image; image <c>k</c> uses <c>FirstSeed + k</c>.</summary>
    public long FirstSeed { get; }

    /// <summary>The size asked for.</summary>
    public ImageSize Size { get; }

    /// <summary>The prompt as sent: the caller's, or its start when it had to be shortened.</summary>
    public string Prompt { get; }

    /// <summary>How much of the prompt was kept.</summary>
    public FittedText Fitted { get; }

    /// <summary>How many images, and so how many requests.</summary>
    public int Count => _queries.Length;

    /// <summary>Plans the requests for <paramref name="request"/>.</summary>
    /// <exception cref="FluxImagingException">Not even <see cref="MinPromptScalars"/> characters of the prompt fit (kind <see cref="FluxImagingErrorKind.InvalidRequest"/>).</exception>
    public static PollinationsRequestPlan Create(string provider, PollinationsOptions options, PollinationsEndpoint endpoint, ImageRequest request, long firstSeed)
    {
        var size = PollinationsQuery.Size(request, options.MaxSide);
        var queries = new string[request.Count];
        for (var k = 0; k < queries.Length; k++)
        {
            queries[k] = PollinationsQuery.Build(options, endpoint.IsGateway, size, unchecked(firstSeed + k), request);
        }

        // Every request shares one prompt, so it must fit beside the longest query (a later seed may have more digits).
        var longestQuery = queries.Max(q => q.Length);
        var room = options.MaxUrlLength - endpoint.GeneratePrefix.Length - 1 - longestQuery;
        var fitted = UriComponentEncoder.Fit(request.Prompt, room);
        if (fitted.KeptScalars < Math.Min(MinPromptScalars, fitted.TotalScalars))
        {
            throw new FluxImagingException(FluxImagingErrorKind.InvalidRequest, NoRoomMessage(options, request, fitted), provider);
        }

        var prompt = fitted.Shortened ? request.Prompt[..fitted.Length] : request.Prompt;
        return new PollinationsRequestPlan(endpoint.GeneratePrefix + fitted.Encoded, queries, firstSeed, size, prompt, fitted);
    }

    /// <summary>The URL of image <paramref name="index"/>, exactly as built (no dot-segment or escape normalisation).</summary>
    public Uri UriOf(int index) => new($"{_urlBeforeQuery}?{_queries[index]}", in Verbatim);

    /// <summary>The seed of image <paramref name="index"/>.</summary>
    public long SeedOf(int index) => unchecked(FirstSeed + index);

    private static string NoRoomMessage(PollinationsOptions options, ImageRequest request, FittedText fitted)
    {
        var setting = $"{FluxImagingOptions.SectionName}:Providers:{PollinationsProvider.ProviderName}:MaxUrlLength";
        var room = fitted.KeptScalars == 0 ? "no room for the prompt" : $"room for only {fitted.KeptScalars} characters of the prompt";
        return request.NegativePrompt is { } negative
            ? $"The request URL leaves {room} within {setting} ({options.MaxUrlLength} bytes): negative_prompt takes {UriComponentEncoder.Encode(negative).Length} bytes of it once encoded. Shorten negative_prompt or raise {setting}."
            : $"The request URL leaves {room} within {setting} ({options.MaxUrlLength} bytes). Raise {setting}, or use a shorter endpoint or referrer.";
    }
}

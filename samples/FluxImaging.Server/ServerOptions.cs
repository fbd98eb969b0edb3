namespace FluxImaging.Server;

/// <summary>Settings of the server sample; bound from <c>FluxImaging:Server</c>. Every limit has a default that is safe on the open internet.</summary>
internal sealed class ServerOptions
{
    public const string SectionName = "FluxImaging:Server";

    /// <summary>The absolute base URL clients reach this server at (behind a reverse proxy); else taken from the request.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Where fetched images are kept and served from <c>/media/{name}</c>.</summary>
    public string MediaFolder { get; set; } = "generated_media";

    /// <summary>The most bytes the media folder may hold; the oldest images are deleted past it. Default 1 GiB.</summary>
    public long MediaMaxBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>How long an image is kept and served; older ones are deleted. Default 7 days.</summary>
    public TimeSpan MediaMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Whether <c>/media</c> asks for <see cref="ApiKey"/> like the generation routes. Default false (image URLs work in a browser).</summary>
    public bool RequireKeyForMedia { get; set; }

    /// <summary>
    /// The model an edit runs when it names neither a model nor a provider (<c>FluxImaging:DefaultModel</c> is a
    /// text-to-image model, which takes no image). Default <c>flux-kontext</c>.
    /// </summary>
    public string DefaultEditModel { get; set; } = "flux-kontext";

    /// <summary>The largest <c>n</c> accepted.</summary>
    public int MaxImages { get; set; } = 4;

    /// <summary>The largest request body accepted; larger ones are answered 413 without being read. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The longest prompt accepted, in characters. Default 32,000 (OpenAI's own limit for GPT image models).</summary>
    public int MaxPromptLength { get; set; } = 32_000;

    /// <summary>The most characters of a client's value (a model or provider name, a path) that an answer or a log line repeats. Default 256.</summary>
    public int MaxEchoedValueLength { get; set; } = 256;

    /// <summary>The slowest a request body may arrive after <see cref="RequestBodyGracePeriod"/>, in bytes per second; slower is 408. Default 240 (Kestrel's).</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    /// <summary>How long a request body may arrive slower than <see cref="MinRequestBodyBytesPerSecond"/>. Default 5 seconds (Kestrel's).</summary>
    public TimeSpan RequestBodyGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many generations may run at once on the whole server; more are answered 429. Default 16.</summary>
    public int MaxConcurrentGenerations { get; set; } = 16;

    /// <summary>How many generations one client (one IP address, an IPv6 /64, or one API key) may run at once; more are answered 429. Default 4.</summary>
    public int MaxConcurrentGenerationsPerClient { get; set; } = 4;

    /// <summary>The <c>Retry-After</c> a 429 from this server's own limits carries. Default 5 seconds.</summary>
    public TimeSpan RateLimitRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The reverse proxies whose <c>X-Forwarded-For/-Proto/-Host/-Prefix</c> are believed (IP addresses). Empty by
    /// default: no proxy is trusted, loopback included, and the headers change nothing.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of trusted reverse proxies, in CIDR notation (<c>10.0.0.0/8</c>). Empty by default.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>The largest image the server downloads from an upstream.</summary>
    public long MaxDownloadBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The longest one image download may take.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many redirects one image download follows, each checked like the first request. Default 5.</summary>
    public int MaxDownloadRedirects { get; set; } = 5;

    /// <summary>Whether the server may fetch images from addresses that are not global unicast (private, loopback, link-local, …). Default false; the offline mode turns it on for its own emulators.</summary>
    public bool AllowPrivateNetworkDownloads { get; set; }

    /// <summary>Networks (CIDR) the server may fetch images from although they are not public, for example an internal image cache. Empty by default.</summary>
    public IList<string> DownloadAllowedNetworks { get; } = [];

    /// <summary>An optional key clients must send (<c>Authorization: Bearer</c> or <c>g4f-api-key</c>). It is never forwarded anywhere.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How many preview images a stream sends when the request does not say (<c>partial_images</c>, 0–3). Default 3.</summary>
    public int DefaultPartialImages { get; set; } = 3;
}

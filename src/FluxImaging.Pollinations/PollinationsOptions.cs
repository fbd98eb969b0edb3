namespace FluxImaging.Pollinations;

/// <summary>Settings of the Pollinations provider; bound from <c>FluxImaging:Providers:Pollinations</c>.</summary>
public sealed class PollinationsOptions : ImageProviderOptions
{
    /// <summary>The legacy anonymous service, <c>https://image.pollinations.ai</c>.</summary>
    public static readonly Uri DefaultEndpoint = new("https://image.pollinations.ai");

    /// <summary>
    /// Creates the defaults: the legacy service, model <c>flux</c>, private, and a per-attempt header timeout of
    /// 120 seconds, because the service sends nothing (not even headers) while a request waits in its per-IP queue.
    /// </summary>
    public PollinationsOptions()
        : base(DefaultEndpoint)
    {
        Timeouts = new ProviderTimeoutOptions { Attempt = TimeSpan.FromSeconds(120) };

        // Room for one more attempt after a queued request timed out (the shared two-minute budget would leave none).
        Retry = new ProviderRetryOptions { Budget = TimeSpan.FromMinutes(5) };
    }

    /// <summary>
    /// A key from <c>enter.pollinations.ai</c>, if you have one. Sent as <c>Authorization: Bearer</c> to the configured
    /// endpoint only (never in the URL, never across a redirect to another host), never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The upstream model sent as <c>model=</c> (<c>flux</c>, <c>turbo</c>, …; the service's list changes often).</summary>
    /// <value>Default <c>flux</c>.</value>
    public string Model { get; set; } = "flux";

    /// <summary>
    /// Identifies your application to Pollinations (<c>referrer=</c>); registered referrers get better limits. Sent only
    /// when set: never borrow another application's.
    /// </summary>
    public string? Referrer { get; set; }

    /// <summary>Keeps the prompts and images out of Pollinations' public feed (<c>private=true</c>).</summary>
    /// <value>Default true: a library must not publish its users' prompts.</value>
    public bool Private { get; set; } = true;

    /// <summary>Lets Pollinations rewrite the prompt with a language model before generating (<c>enhance=true</c>).</summary>
    /// <value>Default false: the prompt you send is the prompt generated.</value>
    public bool Enhance { get; set; }

    /// <summary>Turns on Pollinations' strict NSFW filter, which fails the request when it detects anything (<c>safe=true</c>).</summary>
    /// <value>Default false.</value>
    public bool Safe { get; set; }

    /// <summary>
    /// The longest request URL sent, in bytes. A prompt whose encoded form does not fit is shortened before encoding, at a
    /// character boundary, and a <see cref="Reasoning"/> says so.
    /// </summary>
    /// <value>Default 4096 (Cloudflare and Node cut far longer URLs; this is what long-lived clients stay under).</value>
    public int MaxUrlLength { get; set; } = 4096;

    /// <summary>The largest width or height sent; sizes are clamped into 64 … <c>MaxSide</c> (the service itself does not clamp).</summary>
    /// <value>Default 2048.</value>
    public int MaxSide { get; set; } = 2048;

    /// <summary>The <c>User-Agent</c> sent.</summary>
    /// <value>Default <c>FluxImaging.Pollinations/&lt;version&gt;</c>.</value>
    public string UserAgent { get; set; } = $"FluxImaging.Pollinations/{typeof(PollinationsOptions).Assembly.GetName().Version?.ToString(3) ?? "0"}";
}

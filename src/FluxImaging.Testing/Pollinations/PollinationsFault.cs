namespace FluxImaging.Testing.Pollinations;

/// <summary>
/// The ways the emulated Pollinations service answers badly, each as the real service (or the Cloudflare worker in
/// front of it) has been seen to. HTTP-level faults (delays, cut connections, redirects) go through
/// <see cref="EmulatorHost.Faults"/>.
/// </summary>
public enum PollinationsFault
{
    /// <summary>The gateway's publishable-key limiter: <c>429</c> with <c>Retry-After</c> (see <see cref="PollinationsEmulator.RetryAfterSeconds"/>) and <c>RateLimit-*</c> headers.</summary>
    RateLimited,

    /// <summary>The edge limiter (~10 requests a second per IP): <c>429</c> without <c>Retry-After</c>.</summary>
    RateLimitedWithoutRetryAfter,

    /// <summary>The legacy per-IP queue is full: <c>429</c>, legacy JSON with <c>queueInfo</c>, <c>X-Error-Type: Too Many Requests</c>, no <c>Retry-After</c>.</summary>
    QueueFull,

    /// <summary>The queue full answer as an x402 payment offer: <c>402</c> with <c>x402Version</c> and <c>accepts</c>.</summary>
    PaymentRequiredQueueFull,

    /// <summary>The model needs a higher tier: <c>402</c> "Model not found or tier not high enough".</summary>
    PaymentRequiredTier,

    /// <summary>The gateway without a valid key: <c>401</c> gateway JSON.</summary>
    Unauthorized,

    /// <summary>The gateway refuses the key for the model: <c>403</c> gateway JSON.</summary>
    Forbidden,

    /// <summary>A Cloudflare challenge page: <c>403</c>, <c>text/html</c>, <c>&lt;title&gt;Just a moment...&lt;/title&gt;</c>.</summary>
    CloudflareChallenge,

    /// <summary>The gateway's validation: <c>400</c> with <c>details.fieldErrors</c>.</summary>
    BadRequest,

    /// <summary>The safety filter: <c>500</c> legacy JSON "Content is prohibited".</summary>
    ContentProhibited,

    /// <summary>The hourly limit: <c>500</c> legacy JSON "Hourly limit reached".</summary>
    HourlyLimit,

    /// <summary>The gateway relaying an origin error: <c>500</c> whose <c>error.message</c> is the origin's JSON error as a string.</summary>
    NestedError,

    /// <summary>Cloudflare's error page for a dead origin: <c>502</c>, <c>text/html</c>.</summary>
    BadGateway,

    /// <summary><c>200</c> with an HTML page instead of an image.</summary>
    HtmlInsteadOfImage,

    /// <summary><c>200</c> with a JSON body instead of an image.</summary>
    JsonInsteadOfImage,

    /// <summary><c>200</c>, <c>image/jpeg</c>, and no bytes at all.</summary>
    EmptyBody,

    /// <summary>
    /// No answer (not even headers) for <see cref="PollinationsEmulator.SilentWait"/>, as while queued behind other
    /// requests of the same IP, then the image; <see cref="PollinationsEmulator.EndSilentWaits"/> ends the wait early.
    /// </summary>
    SilentWait,

    /// <summary>The image's headers promise all its bytes, about half of them come, then the connection is cut.</summary>
    CutShort,
}

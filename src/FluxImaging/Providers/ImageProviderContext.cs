using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FluxImaging.Providers;

/// <summary>
/// What a provider gets from the host, the same for ours and anyone else's: its name, its options, its HTTP helpers
/// over its named, resilient client (<see cref="Http"/>), its logger and its clock. Registering a provider with
/// <c>AddProvider</c> creates one per provider and passes it to the provider's constructor.
/// </summary>
/// <remarks>
/// The deadline of a generation, error translation and fallback are not here: the client applies them to every
/// provider, so a provider never has to call anything for them.
/// </remarks>
/// <typeparam name="TOptions">The provider's options type.</typeparam>
public sealed class ImageProviderContext<TOptions>
    where TOptions : ImageProviderOptions
{
    /// <summary>Creates a context (dependency injection does this; create one yourself to test a provider without a host).</summary>
    /// <param name="options">The provider's options.</param>
    /// <param name="http">The provider's HTTP helpers; its name is the provider's name.</param>
    /// <param name="logger">The provider's logger; none when null.</param>
    public ImageProviderContext(TOptions options, UpstreamHttp http, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        Options = options;
        Http = http;
        Logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The provider's name, as registered (its configuration section and HTTP client are named after it).</summary>
    public string Name => Http.Name;

    /// <summary>The provider's options, bound from <c>FluxImaging:Providers:&lt;Name&gt;</c> and validated at start.</summary>
    public TOptions Options { get; }

    /// <summary>Sends requests and reads bounded answers through the provider's own HTTP client.</summary>
    public UpstreamHttp Http { get; }

    /// <summary>The provider's logger (category <c>FluxImaging.Providers.&lt;Name&gt;</c>).</summary>
    public ILogger Logger { get; }

    /// <summary>The clock (the host's <see cref="System.TimeProvider"/>).</summary>
    public TimeProvider TimeProvider => Http.TimeProvider;

    /// <summary>The provider's effective time limits.</summary>
    public TimeoutOptions Timeouts => Http.Timeouts;

    /// <summary>The provider's effective byte limits.</summary>
    public LimitOptions Limits => Http.Limits;
}

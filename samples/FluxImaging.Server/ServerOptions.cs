namespace FluxImaging.Server;

/// <summary>Settings of the server sample; bound from <c>FluxImaging:Server</c>.</summary>
internal sealed class ServerOptions
{
    public const string SectionName = "FluxImaging:Server";

    /// <summary>The absolute base URL clients reach this server at (behind a reverse proxy); else taken from the request.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Where fetched images are kept and served from <c>/media/{name}</c>.</summary>
    public string MediaFolder { get; set; } = "generated_media";

    /// <summary>The largest <c>n</c> accepted.</summary>
    public int MaxImages { get; set; } = 4;

    /// <summary>The largest image the server downloads from an upstream.</summary>
    public long MaxDownloadBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The longest one image download may take.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the server may fetch images from private, loopback or link-local addresses. Default false; the offline mode turns it on for its own emulators.</summary>
    public bool AllowPrivateNetworkDownloads { get; set; }

    /// <summary>An optional key clients must send (<c>Authorization: Bearer</c> or <c>g4f-api-key</c>). It is never forwarded anywhere.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How many preview images a stream sends when the request does not say (<c>partial_images</c>, 0–3). Default 3.</summary>
    public int DefaultPartialImages { get; set; } = 3;
}

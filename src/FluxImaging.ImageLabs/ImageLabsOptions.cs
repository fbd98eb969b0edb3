namespace FluxImaging.ImageLabs;

/// <summary>Settings of the ImageLabs provider; bound from <c>FluxImaging:Providers:ImageLabs</c>.</summary>
public sealed class ImageLabsOptions : ImageProviderOptions
{
    /// <summary>The service's public URL.</summary>
    public static readonly Uri DefaultEndpoint = new("https://editor.imagelabs.net");

    /// <summary>Creates the defaults: the public service, a poll every second, at most 180 polls, a 2-minute deadline.</summary>
    public ImageLabsOptions()
        : base(DefaultEndpoint)
    {
        Timeouts = new ProviderTimeoutOptions { Generation = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The pause between two polls of <c>/progress</c>. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most polls before giving up with a timeout error. Default 180.</summary>
    public int MaxPolls { get; set; } = 180;

    /// <summary>The <c>User-Agent</c> sent (the service serves browsers). Default: a desktop Chrome.</summary>
    public string UserAgent { get; set; } = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
}

namespace FluxImaging.Testing.ImageLabs;

/// <summary>The ways the emulated ImageLabs service can misbehave (HTTP-level faults go through <see cref="EmulatorHost.Faults"/>).</summary>
public enum ImageLabsFault
{
    /// <summary>Both calls answer Cloudflare's 403 challenge page (<c>Just a moment...</c>).</summary>
    CloudflareChallenge,

    /// <summary>The submit answers JSON without <c>task_id</c>.</summary>
    NoTaskId,

    /// <summary>The first polls answer <c>status: null</c>; the task then finishes normally.</summary>
    NullStatus,

    /// <summary>The task ends with <c>status: "Done"</c> but no image URL.</summary>
    DoneWithoutUrl,

    /// <summary>The image URL arrives while the status still says <c>Processing</c>.</summary>
    UrlBeforeDone,

    /// <summary>The task fails with an error status.</summary>
    ErrorStatus,

    /// <summary>The task never finishes.</summary>
    NeverFinishes,

    /// <summary>The submit answers 200 with an HTML page instead of JSON.</summary>
    HtmlInsteadOfJson,
}

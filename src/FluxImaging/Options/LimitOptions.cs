namespace FluxImaging;

/// <summary>
/// How many bytes FluxImaging reads from an upstream for each kind of thing. Limits count decoded bytes (after
/// gzip, deflate or brotli), so compression cannot multiply them; a <c>Content-Length</c> over a limit fails before the
/// body is read. Going past a limit is a <see cref="FluxImagingErrorKind.ProtocolViolation"/> that names the limit.
/// </summary>
public sealed class LimitOptions
{
    /// <summary>The largest server-sent event: all its lines together, whatever their line endings.</summary>
    /// <value>Default 16 MiB.</value>
    public long EventBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The largest small JSON answer: a job id, a poll answer, an upload answer, a token.</summary>
    /// <value>Default 1 MiB.</value>
    public long JsonBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest image read or saved.</summary>
    /// <value>Default 64 MiB.</value>
    public long ImageBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest body of any one response, whatever reads it: the backstop behind every other limit.</summary>
    /// <value>Default 128 MiB.</value>
    public long ResponseBytes { get; set; } = 128L * 1024 * 1024;
}

namespace FluxImaging.Testing;

/// <summary>Something going wrong on purpose, injected into an emulator's answer to matching requests.</summary>
public abstract class Fault
{
    private protected Fault()
    {
    }

    /// <summary>Answers with a status code (and optional body and headers) instead of the emulated behaviour.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="body">The body text; none when null.</param>
    /// <param name="contentType">The body's content type.</param>
    /// <param name="headers">Extra response headers, e.g. <c>Retry-After</c>.</param>
    /// <returns>The fault.</returns>
    public static Fault Status(int status, string? body = null, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null) =>
        new StatusFault(status, body, contentType, headers ?? new Dictionary<string, string>());

    /// <summary>Waits before answering normally (the wait ends early if the client goes away).</summary>
    /// <param name="delay">How long to wait.</param>
    /// <returns>The fault.</returns>
    public static Fault Delay(TimeSpan delay) => new DelayFault(delay);

    /// <summary>Cuts the connection without an answer.</summary>
    /// <returns>The fault.</returns>
    public static Fault Abort() => new AbortFault();

    /// <summary>Answers normally but writes the body in chunks of at most <paramref name="chunkSize"/> bytes, flushing each.</summary>
    /// <param name="chunkSize">The largest chunk, at least 1.</param>
    /// <returns>The fault.</returns>
    public static Fault TinyChunks(int chunkSize = 1) =>
        new ChunkFault(chunkSize > 0 ? chunkSize : throw new ArgumentOutOfRangeException(nameof(chunkSize)));

    internal sealed class StatusFault(int status, string? body, string contentType, IReadOnlyDictionary<string, string> headers) : Fault
    {
        public int StatusCode => status;

        public string? Body => body;

        public string ContentType => contentType;

        public IReadOnlyDictionary<string, string> Headers => headers;
    }

    internal sealed class DelayFault(TimeSpan delay) : Fault
    {
        public TimeSpan Duration => delay;
    }

    internal sealed class AbortFault : Fault;

    internal sealed class ChunkFault(int chunkSize) : Fault
    {
        public int ChunkSize => chunkSize;
    }
}

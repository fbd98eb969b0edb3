using System.Text;

namespace FluxImaging.Testing;

/// <summary>
/// Something going wrong on purpose, injected into an emulator's answer to matching requests through its
/// <see cref="EmulatorHost.Faults"/>. Besides plain failures (status, delay, abort, tiny chunks) these are the hostile
/// upstreams of issue 11, usable on any route of any emulator — Gradio <c>/config</c>, <c>/info</c>, <c>/call</c>,
/// <c>/queue/join</c>, <c>/queue/data</c>, <c>/upload</c>, <c>/file=</c> downloads, ImageLabs, the Hugging Face JWT,
/// OpenAI answers, image downloads: decompression bombs (<see cref="GzipBomb"/>), one event of many lines
/// (<see cref="ManyDataLines"/>), floods of blank or comment lines, cross-origin redirects (<see cref="Redirect"/>, to a
/// <see cref="RecordingHost"/>), a body that never ends (<see cref="SlowDrip"/>) and a <c>Content-Length</c> that lies.
/// Bodies are generated while they are written, so a gigabyte costs the emulator no memory.
/// </summary>
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

    /// <summary>
    /// A decompression bomb: <c>Content-Encoding: gzip</c> over <c>prefix + repeated × n + suffix</c> of
    /// <paramref name="decompressedBytes"/> bytes (about a thousandth of that on the wire), e.g. a <c>{"event_id": "aaa…"}</c>
    /// that never ends. For an event stream use <see cref="ManyDataLines"/> or <see cref="BlankLines"/> with gzip.
    /// </summary>
    /// <param name="decompressedBytes">The decoded size (prefix and suffix included, rounded down to whole repeats). Default 1 GiB.</param>
    /// <param name="contentType">The declared content type.</param>
    /// <param name="prefix">The text before the repeats.</param>
    /// <param name="repeated">The text repeated.</param>
    /// <param name="suffix">The text after them.</param>
    /// <returns>The fault.</returns>
    public static Fault GzipBomb(long decompressedBytes = 1L << 30, string contentType = "application/json", string prefix = "{\"event_id\":\"", string repeated = "a", string suffix = "\"}")
    {
        ArgumentException.ThrowIfNullOrEmpty(repeated);
        var head = Encoding.UTF8.GetBytes(prefix);
        var unit = Encoding.UTF8.GetBytes(repeated);
        var tail = Encoding.UTF8.GetBytes(suffix);
        var count = Math.Max(0, (decompressedBytes - head.Length - tail.Length) / unit.Length);
        return new BodyFault(contentType, new RepeatingBody(head, unit, count, tail), gzip: true);
    }

    /// <summary>
    /// One server-sent event made of <paramref name="lines"/> <c>data:</c> lines of <paramref name="lineBytes"/> bytes
    /// each (300 × 1 MB by default), then the blank line that ends it: a cap per line never trips, a cap per event must.
    /// </summary>
    /// <param name="lines">How many <c>data:</c> lines.</param>
    /// <param name="lineBytes">The bytes after <c>data: </c> on each line.</param>
    /// <param name="gzip">Whether the stream is sent gzip-compressed (<c>Content-Encoding: gzip</c>).</param>
    /// <returns>The fault.</returns>
    public static Fault ManyDataLines(int lines = 300, int lineBytes = 1 << 20, bool gzip = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        ArgumentOutOfRangeException.ThrowIfNegative(lineBytes);
        var unit = new byte[6 + lineBytes + 1];
        "data: "u8.CopyTo(unit);
        unit.AsSpan(6, lineBytes).Fill((byte)'x');
        unit[^1] = (byte)'\n';
        return new BodyFault(EventStream, new RepeatingBody([], unit, lines, "\n"u8.ToArray()), gzip);
    }

    /// <summary>An event stream of nothing but line endings: <c>\n</c>, <c>\r\n</c> or a lone <c>\r</c> (which SSE also counts as one).</summary>
    /// <param name="count">How many line endings. Default 2³⁰ (1 GiB of <c>\n</c>).</param>
    /// <param name="lineEnding"><c>"\n"</c>, <c>"\r\n"</c> or <c>"\r"</c>.</param>
    /// <param name="gzip">Whether it is sent gzip-compressed (default true: 1 GiB costs about 1 MB).</param>
    /// <returns>The fault.</returns>
    public static Fault BlankLines(long count = 1L << 30, string lineEnding = "\n", bool gzip = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(lineEnding);
        return new BodyFault(EventStream, new RepeatingBody([], Encoding.ASCII.GetBytes(lineEnding), count, []), gzip);
    }

    /// <summary>An event stream of nothing but comment lines (<c>: …</c>), which SSE parsers skip without yielding anything.</summary>
    /// <param name="count">How many comment lines.</param>
    /// <param name="commentBytes">The bytes of each comment after the colon.</param>
    /// <param name="gzip">Whether it is sent gzip-compressed.</param>
    /// <returns>The fault.</returns>
    public static Fault CommentLines(long count, int commentBytes = 64, bool gzip = false)
    {
        var unit = new byte[1 + commentBytes + 1];
        unit[0] = (byte)':';
        unit.AsSpan(1, commentBytes).Fill((byte)' ');
        unit[^1] = (byte)'\n';
        return new BodyFault(EventStream, new RepeatingBody([], unit, count, []), gzip);
    }

    /// <summary>
    /// Answers a redirect (301, 302, 303, 307 or 308) to <paramref name="target"/> with the request's path and query
    /// appended, e.g. to a <see cref="RecordingHost"/> on another port, which records the headers that followed.
    /// </summary>
    /// <param name="status">The redirect status.</param>
    /// <param name="target">The other origin.</param>
    /// <param name="keepPath">Whether the request's path and query are appended (default true).</param>
    /// <returns>The fault.</returns>
    public static Fault Redirect(int status, Uri target, bool keepPath = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (status is not (301 or 302 or 303 or 307 or 308))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A redirect is 301, 302, 303, 307 or 308.");
        }

        return new RedirectFault(status, target, keepPath);
    }

    /// <summary>A 200 whose body never ends: <paramref name="drip"/> every <paramref name="interval"/>, until the client goes away.</summary>
    /// <param name="interval">The pause between drops.</param>
    /// <param name="contentType">The declared content type.</param>
    /// <param name="drip">What each drop is (default a comment line, <c>:\n</c>, so no event ever completes).</param>
    /// <returns>The fault.</returns>
    public static Fault SlowDrip(TimeSpan interval, string contentType = EventStream, string drip = ":\n") =>
        new DripFault(interval, contentType, Encoding.UTF8.GetBytes(drip));

    /// <summary>
    /// Declares <c>Content-Length: <paramref name="declaredLength"/></c> but sends only <paramref name="body"/>, then cuts the
    /// connection: a client that trusts the header waits for bytes that never come or allocates what it was told.
    /// </summary>
    /// <param name="declaredLength">The length claimed (e.g. 10 GB, to test that a client checks it first).</param>
    /// <param name="body">What is actually sent.</param>
    /// <param name="contentType">The declared content type.</param>
    /// <returns>The fault.</returns>
    public static Fault LyingContentLength(long declaredLength, string body = "{", string contentType = "application/json") =>
        new LyingLengthFault(declaredLength, Encoding.UTF8.GetBytes(body), contentType);

    private const string EventStream = "text/event-stream; charset=utf-8";

    internal sealed class BodyFault(string contentType, RepeatingBody body, bool gzip) : Fault
    {
        public string ContentType => contentType;

        public RepeatingBody Body => body;

        public bool Gzip => gzip;
    }

    internal sealed class RedirectFault(int status, Uri target, bool keepPath) : Fault
    {
        public int StatusCode => status;

        public Uri Target => target;

        public bool KeepPath => keepPath;
    }

    internal sealed class DripFault(TimeSpan interval, string contentType, byte[] drip) : Fault
    {
        public TimeSpan Interval => interval;

        public string ContentType => contentType;

        public byte[] Drip => drip;
    }

    internal sealed class LyingLengthFault(long declaredLength, byte[] body, string contentType) : Fault
    {
        public long DeclaredLength => declaredLength;

        public byte[] Body => body;

        public string ContentType => contentType;
    }

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

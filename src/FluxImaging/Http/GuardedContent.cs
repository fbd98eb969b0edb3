namespace FluxImaging.Http;

/// <summary>
/// A response body that cannot hang or grow without bound, whoever reads it: reads are guarded by the idle timeout and
/// the decoded bytes are capped. It replaces the body of every response of a provider's HTTP client
/// (<see cref="ResponseGuardHandler"/>), so a provider that reads the body its own way is protected too.
/// </summary>
internal sealed class GuardedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly string? _provider;
    private readonly string _what;
    private readonly TimeSpan _idle;
    private readonly long _maxBytes;
    private readonly TimeProvider _timeProvider;

    public GuardedContent(HttpContent inner, string? provider, string what, TimeSpan idle, long maxBytes, TimeProvider timeProvider)
    {
        _inner = inner;
        _provider = provider;
        _what = what;
        _idle = idle;
        _maxBytes = maxBytes;
        _timeProvider = timeProvider;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    /// <summary>The most decoded bytes the body may have; a reader with the same or a larger limit needs no cap of its own.</summary>
    public long MaxBytes => _maxBytes;

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
    {
        if (Headers.ContentLength > _maxBytes)
        {
            throw TooLarge();
        }

        var body = await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new IdleTimeoutStream(new LengthLimitedStream(body, _maxBytes, TooLarge), _idle, _provider, _timeProvider);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private FluxImagingException TooLarge() => UpstreamLimits.TooLarge(_provider, _what, _maxBytes, "Limits:ResponseBytes");
}

using FluxImaging.Images;

namespace FluxImaging;

/// <summary>
/// An image a provider returned: a URL (<c>http</c>, <c>https</c> or <c>data:</c>), bytes with a media type, or both.
/// It can be opened as a stream, read into memory, or saved to a folder under a safe generated name.
/// </summary>
/// <remarks>
/// Every read is bounded: at most the provider's image limit (<see cref="LimitOptions.ImageBytes"/>, else
/// <see cref="DefaultMaxBytes"/>) unless a smaller or larger cap is passed, with the provider's idle timeout on network
/// reads. Downloads follow redirects hop by hop and never carry a provider's credentials to another host. Saving streams to disk without buffering the image, and never leaves a
/// half-written file behind.
/// </remarks>
public sealed class GeneratedImage
{
    /// <summary>The default size cap for reading or saving one image: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    private readonly ImageDownloader _downloader;

    /// <summary>An image available at a URL.</summary>
    /// <param name="uri">An absolute <c>http</c>, <c>https</c> or <c>data:</c> URI.</param>
    /// <param name="mediaType">The media type, if known.</param>
    public GeneratedImage(Uri uri, string? mediaType = null)
        : this(uri, mediaType, ImageDownloader.Shared)
    {
    }

    /// <summary>An image held in memory.</summary>
    /// <param name="data">The encoded image bytes.</param>
    /// <param name="mediaType">The media type, for example <c>image/png</c>.</param>
    public GeneratedImage(ReadOnlyMemory<byte> data, string mediaType)
        : this(data, mediaType, ImageDownloader.Shared)
    {
    }

    internal GeneratedImage(ReadOnlyMemory<byte> data, string mediaType, ImageDownloader downloader)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        Data = data;
        MediaType = mediaType;
        _downloader = downloader;
    }

    internal GeneratedImage(Uri uri, string? mediaType, ImageDownloader downloader)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!IsSupported(uri))
        {
            throw new ArgumentException($"An image URI must be absolute http, https or data; got '{Describe(uri)}'.", nameof(uri));
        }

        Uri = uri;
        MediaType = mediaType ?? (uri.Scheme == "data" ? DataUri.MediaTypeOf(uri.OriginalString) : null);
        _downloader = downloader;
    }

    /// <summary>Where the image can be fetched, when it has a URL.</summary>
    public Uri? Uri { get; }

    /// <summary>The image bytes, when they are held in memory.</summary>
    public ReadOnlyMemory<byte>? Data { get; }

    /// <summary>The media type (for example <c>image/webp</c>), when known before reading.</summary>
    public string? MediaType { get; }

    /// <summary>The file name the upstream gave the image (for example <c>image.webp</c>). Informative only: it is never used as a path.</summary>
    public string? OriginalFileName { get; init; }

    /// <summary>Opens the image for reading. The caller disposes the stream.</summary>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A stream of the encoded image, failing with a <see cref="FluxImagingException"/> past the provider's image limit.</returns>
    public Task<Stream> OpenReadAsync(CancellationToken cancellationToken = default) => OpenReadAsync(_downloader.MaxBytes, cancellationToken);

    /// <summary>Opens the image for reading with a size cap. The caller disposes the stream.</summary>
    /// <param name="maxBytes">The most bytes to read before failing.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>A stream of the encoded image.</returns>
    public async Task<Stream> OpenReadAsync(long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (Data is { } data)
        {
            return data.Length > maxBytes ? throw _downloader.TooLarge(maxBytes) : new ReadOnlyMemoryStream(data);
        }

        var uri = Uri!;
        if (uri.Scheme == "data")
        {
            var bytes = DataUri.Decode(uri.OriginalString, _downloader.Provider);
            return bytes.Length > maxBytes ? throw _downloader.TooLarge(maxBytes) : new ReadOnlyMemoryStream(bytes);
        }

        var (body, _) = await _downloader.OpenAsync(uri, maxBytes, cancellationToken).ConfigureAwait(false);
        return body;
    }

    /// <summary>Reads the whole image into memory (at most <see cref="DefaultMaxBytes"/>).</summary>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The encoded image bytes.</returns>
    public async Task<ReadOnlyMemory<byte>> ReadAllBytesAsync(CancellationToken cancellationToken = default)
    {
        if (Data is { } data)
        {
            return data;
        }

        var stream = await OpenReadAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
    }

    /// <summary>
    /// Saves the image into <paramref name="directory"/> (created if missing) under a new, safe file name whose extension
    /// comes from the image's own first bytes (PNG, JPEG, WebP or GIF).
    /// </summary>
    /// <param name="directory">The folder to save into.</param>
    /// <param name="cancellationToken">Cancels the download; no partial file is left behind.</param>
    /// <returns>The full path of the saved file.</returns>
    /// <exception cref="FluxImagingException">The body is not an image, is too large, or could not be downloaded.</exception>
    public Task<string> SaveAsync(string directory, CancellationToken cancellationToken = default) =>
        SaveAsync(directory, _downloader.MaxBytes, cancellationToken);

    /// <summary>Saves the image into <paramref name="directory"/> with a size cap; see <see cref="SaveAsync(string, CancellationToken)"/>.</summary>
    /// <param name="directory">The folder to save into.</param>
    /// <param name="maxBytes">The most bytes to write before failing.</param>
    /// <param name="cancellationToken">Cancels the download; no partial file is left behind.</param>
    /// <returns>The full path of the saved file.</returns>
    public async Task<string> SaveAsync(string directory, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);

        var source = await OpenReadAsync(maxBytes, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var header = new byte[ImageFormats.SniffLength];
            var headerLength = await source.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var format = ImageFormats.Sniff(header.AsSpan(0, headerLength))
                ?? throw new FluxImagingException(
                    FluxImagingErrorKind.ProtocolViolation,
                    $"The upstream returned {(headerLength == 0 ? "an empty body" : "data that is not a PNG, JPEG, WebP or GIF image")} for an image.",
                    _downloader.Provider);

            var path = ImageFileName.PathInside(directory, ImageFileName.Create(OriginalFileName, format.Extension, DateTimeOffset.UtcNow));
            var partial = path + ".part";
            try
            {
                var file = new FileStream(partial, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Options = FileOptions.Asynchronous,
                    BufferSize = 0,
                });
                await using (file.ConfigureAwait(false))
                {
                    await file.WriteAsync(header.AsMemory(0, headerLength), cancellationToken).ConfigureAwait(false);
                    await source.CopyToAsync(file, 81920, cancellationToken).ConfigureAwait(false);
                }

                File.Move(partial, path, overwrite: false);
                return path;
            }
            catch
            {
                TryDelete(partial);
                throw;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        Uri is { } uri ? Describe(uri) : $"{MediaType} ({Data?.Length ?? 0:N0} bytes)";

    internal static bool IsSupported(Uri uri) => uri.IsAbsoluteUri && uri.Scheme is "http" or "https" or "data";

    private static string Describe(Uri uri) =>
        uri.IsAbsoluteUri && uri.Scheme == "data" ? DataUri.Describe(uri.OriginalString) : uri.ToString();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the partial file is named *.part, never mistaken for an image.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

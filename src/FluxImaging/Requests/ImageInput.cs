namespace FluxImaging;

/// <summary>An image given to a model (to edit, or to take as a reference): encoded bytes with their media type.</summary>
public sealed class ImageInput
{
    /// <summary>An image held in memory.</summary>
    /// <param name="data">The encoded image (PNG, JPEG, WebP or GIF).</param>
    /// <param name="mediaType">Its media type, e.g. <c>image/png</c>.</param>
    /// <param name="fileName">
    /// The name to upload it under: its last path segment, control and format characters replaced, at most
    /// <see cref="MaxFileNameLength"/> characters; <c>image</c> with the media type's extension when null or nothing is left.
    /// </param>
    public ImageInput(ReadOnlyMemory<byte> data, string mediaType, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaType);
        if (data.IsEmpty)
        {
            throw new ArgumentException("An input image has no bytes.", nameof(data));
        }

        Data = data;
        MediaType = mediaType;
        FileName = SafeFileName(fileName) ?? $"image{Extension(mediaType)}";
    }

    /// <summary>The longest <see cref="FileName"/> kept; longer names lose characters before their extension.</summary>
    public const int MaxFileNameLength = 128;

    /// <summary>The encoded image.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The media type, e.g. <c>image/png</c>.</summary>
    public string MediaType { get; }

    /// <summary>The file name it is uploaded under (never a path).</summary>
    public string FileName { get; }

    /// <summary>Reads an image file; its media type comes from its first bytes, never from its name.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The largest file accepted; <see cref="GeneratedImage.DefaultMaxBytes"/> by default.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentException">The file is empty, too large, or not a PNG, JPEG, WebP or GIF image.</exception>
    public static async Task<ImageInput> FromFileAsync(string path, long maxBytes = GeneratedImage.DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var length = new FileInfo(path).Length;
        if (length == 0)
        {
            throw new ArgumentException($"The image '{Path.GetFileName(path)}' is empty.", nameof(path));
        }

        if (length > maxBytes)
        {
            throw new ArgumentException($"The image '{Path.GetFileName(path)}' is larger than {maxBytes:N0} bytes.", nameof(path));
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return ImageFormats.Sniff(bytes) is { } format
            ? new ImageInput(bytes, format.MediaType, Path.GetFileName(path))
            : throw new ArgumentException($"'{Path.GetFileName(path)}' is not a PNG, JPEG, WebP or GIF image.", nameof(path));
    }

    /// <inheritdoc />
    public override string ToString() => $"{FileName} ({MediaType}, {Data.Length:N0} bytes)";

    // The name travels in a multipart header to an upstream, and into logs: no path, no control characters, bounded.
    private static string? SafeFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var name = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        name = string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var category = char.GetUnicodeCategory(source[i]);
                span[i] = category is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                    or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                    || source[i] == '"' ? '_' : source[i];
            }
        }).Trim();
        if (name.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(name);
            extension = extension.Length is > 0 and <= 16 ? extension : string.Empty;
            var keep = MaxFileNameLength - extension.Length;
            keep -= char.IsHighSurrogate(name[keep - 1]) ? 1 : 0;
            name = name[..keep] + extension;
        }

        return name.Length == 0 || name is "." or ".." ? null : name;
    }

    private static string Extension(string mediaType) => mediaType.ToLowerInvariant() switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        _ => string.Empty,
    };
}

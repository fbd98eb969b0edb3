using System.Text;
using Microsoft.Net.Http.Headers;

namespace FluxImaging.Server.Api.Multipart;

/// <summary>
/// A <c>multipart/form-data</c> body (RFC 7578) split into its parts, in place. The body is already in memory, within
/// <see cref="ServerOptions.MaxRequestBodyBytes"/>, so it is split here rather than streamed: ASP.NET Core's
/// <c>MultipartReader</c> accepts only CRLF line ends, and hand-written clients send bare LF too, which this accepts
/// everywhere a line ends. A part needs <c>Content-Disposition: form-data</c> with a <c>name</c>; <c>filename</c> and
/// <c>filename*</c> (RFC 5987, which wins) give its file name, <c>Content-Type</c> is optional, other headers are
/// ignored. Anything else that is not multipart — no boundary, headers that never end, no closing boundary, too many
/// parts — is a <see cref="MultipartFormatException"/>.
/// </summary>
internal sealed class MultipartForm
{
    /// <summary>The most parts a body may have (16 images, a mask and every text field fit many times over).</summary>
    public const int MaxParts = 64;

    /// <summary>The most bytes one part's headers may take.</summary>
    public const int MaxHeaderBytes = 8 * 1024;

    // RFC 2046 §5.1.1: a boundary is 1 to 70 characters.
    private const int MaxBoundaryLength = 70;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private MultipartForm(IReadOnlyList<FormPart> parts)
    {
        Parts = parts;
    }

    /// <summary>The parts, in the order they were sent.</summary>
    public IReadOnlyList<FormPart> Parts { get; }

    /// <summary>
    /// Whether <paramref name="contentType"/> is <c>multipart/form-data</c>; if so, <paramref name="boundary"/> is its
    /// boundary, quoted or not, or null when it has none that RFC 2046 allows.
    /// </summary>
    public static bool IsFormData(string? contentType, out string? boundary)
    {
        boundary = null;
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var value = HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString();
        boundary = value.Length is > 0 and <= MaxBoundaryLength && Ascii.IsValid(value) ? value : null;
        return true;
    }

    /// <summary>Splits <paramref name="body"/> at <paramref name="boundary"/>; the parts are slices of it.</summary>
    public static MultipartForm Parse(ReadOnlyMemory<byte> body, string boundary)
    {
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        var span = body.Span;
        // A delimiter is the boundary after "--" at the start of a line; searching for it with its line feed finds the
        // next one in a single vectorised pass.
        ReadOnlySpan<byte> lineDelimiter = Encoding.ASCII.GetBytes("\n--" + boundary);
        var delimiter = lineDelimiter[1..];
        var position = FirstDelimiter(span, delimiter);
        var parts = new List<FormPart>();
        while (true)
        {
            // Right after a delimiter: "--" closes the body (the epilogue is ignored), else the line ends.
            if (span[position..].StartsWith("--"u8))
            {
                return new MultipartForm(parts);
            }

            position = AfterLineEnd(span, position) ?? throw new MultipartFormatException("A boundary line has text after the boundary.");
            if (parts.Count == MaxParts)
            {
                throw new MultipartFormatException($"The form has more than {MaxParts} parts.");
            }

            var (name, fileName, contentType, contentStart) = ReadHeaders(span, position);
            var (contentEnd, next) = NextDelimiter(span, contentStart, lineDelimiter);
            parts.Add(new FormPart(name, fileName, contentType, body[contentStart..contentEnd]));
            position = next;
        }
    }

    /// <summary>The index just after the first delimiter that starts the body or a line (a preamble may precede it).</summary>
    private static int FirstDelimiter(ReadOnlySpan<byte> span, ReadOnlySpan<byte> delimiter)
    {
        for (var from = 0; from < span.Length;)
        {
            var found = span[from..].IndexOf(delimiter);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            if ((at == 0 || span[at - 1] == (byte)'\n') && EndsDelimiter(span, at + delimiter.Length))
            {
                return at + delimiter.Length;
            }

            from = at + 1;
        }

        throw new MultipartFormatException("The body does not contain the boundary its Content-Type declares.");
    }

    /// <summary>
    /// Where the content that starts at <paramref name="contentStart"/> ends (before the line end that belongs to the
    /// next delimiter) and the index just after that delimiter. The search starts at the line feed that closed the
    /// headers, so an empty part sent without its own blank line is found too.
    /// </summary>
    private static (int ContentEnd, int Next) NextDelimiter(ReadOnlySpan<byte> span, int contentStart, ReadOnlySpan<byte> lineDelimiter)
    {
        for (var from = contentStart - 1; from < span.Length;)
        {
            var found = span[from..].IndexOf(lineDelimiter);
            if (found < 0)
            {
                break;
            }

            var lineFeed = from + found;
            var next = lineFeed + lineDelimiter.Length;
            if (EndsDelimiter(span, next))
            {
                var end = lineFeed > contentStart && span[lineFeed - 1] == (byte)'\r' ? lineFeed - 1 : lineFeed;
                return (Math.Max(end, contentStart), next);
            }

            from = lineFeed + 1;
        }

        throw new MultipartFormatException("The body ends before its closing boundary.");
    }

    /// <summary>Whether a delimiter ends at <paramref name="index"/>: "--", or spaces and tabs up to a line end.</summary>
    private static bool EndsDelimiter(ReadOnlySpan<byte> span, int index) =>
        span[index..].StartsWith("--"u8) || AfterLineEnd(span, index) is not null;

    /// <summary>The index after optional spaces and tabs and one CRLF or LF, or null when the line has more on it.</summary>
    private static int? AfterLineEnd(ReadOnlySpan<byte> span, int index)
    {
        while (index < span.Length && span[index] is (byte)' ' or (byte)'\t')
        {
            index++;
        }

        return span[index..] switch
        {
            [(byte)'\r', (byte)'\n', ..] => index + 2,
            [(byte)'\n', ..] => index + 1,
            _ => null,
        };
    }

    private static (string Name, string? FileName, string? ContentType, int ContentStart) ReadHeaders(ReadOnlySpan<byte> span, int start)
    {
        string? name = null;
        string? fileName = null;
        string? contentType = null;
        var position = start;
        while (true)
        {
            var found = span[position..].IndexOf((byte)'\n');
            if (found < 0 || position + found - start > MaxHeaderBytes)
            {
                throw new MultipartFormatException($"A part's headers do not end within {MaxHeaderBytes:N0} bytes.");
            }

            var line = span.Slice(position, found);
            position += found + 1;
            if (line is [.., (byte)'\r'])
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                throw new MultipartFormatException("A part has a header line that is not 'Name: value'.");
            }

            var header = Text(line[..colon]).Trim();
            var value = Text(line[(colon + 1)..]).Trim();
            if (header.Equals(HeaderNames.ContentDisposition, StringComparison.OrdinalIgnoreCase))
            {
                if (name is not null)
                {
                    throw new MultipartFormatException("A part has two Content-Disposition headers.");
                }

                (name, fileName) = Disposition(value);
            }
            else if (header.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
        }

        return (name ?? throw new MultipartFormatException("A part has no Content-Disposition header."), fileName, contentType, position);
    }

    private static (string Name, string? FileName) Disposition(string value)
    {
        if (!ContentDispositionHeaderValue.TryParse(value, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new MultipartFormatException("A part's Content-Disposition is not 'form-data; name=…'.");
        }

        var name = HeaderUtilities.UnescapeAsQuotedString(disposition.Name).ToString();
        if (name.Length == 0)
        {
            throw new MultipartFormatException("A part's Content-Disposition has no name.");
        }

        var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.ToString() : disposition.FileName.ToString();
        return (name, fileName.Length > 0 ? fileName : null);
    }

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new MultipartFormatException("A part's headers are not UTF-8 text.", ex);
        }
    }
}

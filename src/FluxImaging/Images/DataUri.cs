using System.Net;

namespace FluxImaging.Images;

/// <summary>Decodes <c>data:</c> URIs (RFC 2397); written by hand because the framework has no parser for them.</summary>
internal static class DataUri
{
    public static string? MediaTypeOf(string uri)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (!uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            return null;
        }

        var mediaType = uri[5..comma].Split(';')[0];
        return mediaType.Length == 0 ? null : mediaType;
    }

    public static byte[] Decode(string uri, string? provider)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        if (!uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || comma < 0)
        {
            throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The image is a malformed data: URI.", provider);
        }

        var isBase64 = uri.AsSpan(5, comma - 5).EndsWith(";base64", StringComparison.OrdinalIgnoreCase);
        var payload = uri.AsSpan(comma + 1);
        if (!isBase64)
        {
            return System.Text.Encoding.UTF8.GetBytes(WebUtility.UrlDecode(payload.ToString()));
        }

        var bytes = new byte[payload.Length / 4 * 3 + 3];
        return Convert.TryFromBase64Chars(payload, bytes, out var written)
            ? bytes[..written]
            : throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The image's data: URI is not valid base64.", provider);
    }

    /// <summary>A short description that does not dump megabytes of base64 into logs or messages.</summary>
    public static string Describe(string uri)
    {
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? "data:…" : $"{uri[..(comma + 1)]}… ({uri.Length - comma - 1:N0} chars)";
    }
}

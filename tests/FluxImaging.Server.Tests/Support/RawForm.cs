using System.Text;

namespace FluxImaging.Server.Tests.Support;

/// <summary>A multipart/form-data body written byte by byte, so a test decides every boundary, header and line end itself.</summary>
internal sealed class RawForm(string boundary, string lineEnd = "\r\n")
{
    private readonly MemoryStream _body = new();

    /// <summary>A text field; without <paramref name="contentType"/> the part has no Content-Type header at all.</summary>
    public RawForm Field(string name, string value, string? contentType = null) =>
        Part(Encoding.UTF8.GetBytes(value), $"Content-Disposition: form-data; name=\"{name}\"", contentType is null ? null : $"Content-Type: {contentType}");

    /// <summary>A file part with <c>filename="…"</c>.</summary>
    public RawForm File(string name, byte[] content, string fileName = "input.png", string? contentType = "image/png") =>
        Part(content, $"Content-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"", contentType is null ? null : $"Content-Type: {contentType}");

    /// <summary>A part with exactly these header lines.</summary>
    public RawForm Part(byte[] content, params string?[] headers)
    {
        Write($"--{boundary}{lineEnd}");
        foreach (var header in headers.OfType<string>())
        {
            Write(header + lineEnd);
        }

        Write(lineEnd);
        _body.Write(content);
        Write(lineEnd);
        return this;
    }

    /// <summary>The body, closed with <c>--boundary--</c> unless <paramref name="close"/> is false.</summary>
    public byte[] ToArray(bool close = true)
    {
        var body = new MemoryStream();
        _body.WriteTo(body);
        if (close)
        {
            body.Write(Encoding.ASCII.GetBytes($"--{boundary}--{lineEnd}"));
        }

        return body.ToArray();
    }

    /// <summary>The body as content with this exact Content-Type header (by default the boundary unquoted).</summary>
    public HttpContent ToContent(string? contentType = null, bool close = true)
    {
        var content = new ByteArrayContent(ToArray(close));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? $"multipart/form-data; boundary={boundary}");
        return content;
    }

    private void Write(string text) => _body.Write(Encoding.UTF8.GetBytes(text));
}

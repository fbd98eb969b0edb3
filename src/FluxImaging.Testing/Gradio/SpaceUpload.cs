namespace FluxImaging.Testing.Gradio;

/// <summary>A file a client uploaded to an emulated Space (<c>POST {prefix}/upload</c>).</summary>
public sealed class SpaceUpload
{
    internal SpaceUpload(string path, string fileName, string? contentType, byte[] content, string? uploadId)
    {
        Path = path;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        UploadId = uploadId;
    }

    /// <summary>The server path the Space answered, e.g. <c>/tmp/gradio/{sha256}/in.png</c>.</summary>
    public string Path { get; }

    /// <summary>The file name the multipart part carried.</summary>
    public string FileName { get; }

    /// <summary>The part's content type, if it had one.</summary>
    public string? ContentType { get; }

    /// <summary>The bytes received.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The <c>upload_id</c> query parameter, if one was sent.</summary>
    public string? UploadId { get; }
}

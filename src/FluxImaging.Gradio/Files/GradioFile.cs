using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxImaging.Gradio;

/// <summary>
/// A Gradio file object (<c>FileData</c>): where the app keeps a file (<see cref="Path"/>), where it can be downloaded
/// (<see cref="Url"/>), and what it is. Outputs carry them; inputs take them after an upload
/// (<see cref="GradioClient.UploadAsync"/>).
/// </summary>
/// <param name="Path">The server path (or an http(s) URL the app fetched).</param>
/// <param name="Url">The download URL, when the app sent one.</param>
/// <param name="OriginalName">The file's original name, when known (informative only: never a local path).</param>
/// <param name="MimeType">The media type, when the app sent one.</param>
/// <param name="Size">The size in bytes, when known.</param>
public sealed record GradioFile(string? Path, string? Url = null, string? OriginalName = null, string? MimeType = null, long? Size = null)
{
    /// <summary>
    /// Reads a file object: one whose <c>meta._type</c> is <c>gradio.FileData</c>, or (servers before 4.21) one with both
    /// <c>path</c> and <c>url</c> keys.
    /// </summary>
    /// <param name="value">A JSON value from an output.</param>
    /// <param name="file">The file, when the value is one.</param>
    /// <returns>True when the value is a file object with a path or a URL.</returns>
    public static bool TryRead(JsonElement value, [NotNullWhen(true)] out GradioFile? file)
    {
        file = null;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var tagged = value.TryGetProperty("meta", out var meta)
            && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("_type", out var type)
            && type.ValueKind == JsonValueKind.String
            && type.ValueEquals("gradio.FileData");
        var hasPath = value.TryGetProperty("path", out var path);
        var hasUrl = value.TryGetProperty("url", out var url);
        if (!tagged && !(hasPath && hasUrl))
        {
            return false;
        }

        var read = new GradioFile(
            StringOf(path),
            StringOf(url),
            value.TryGetProperty("orig_name", out var name) ? StringOf(name) : null,
            value.TryGetProperty("mime_type", out var mime) ? StringOf(mime) : null,
            value.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var bytes) ? bytes : null);
        file = read.Path is not null || read.Url is not null ? read : null;
        return file is not null;
    }

    /// <summary>Reads a file object from a rebuilt generator output (see <see cref="TryRead(JsonElement, out GradioFile?)"/>).</summary>
    /// <param name="value">A JSON node from an output.</param>
    /// <param name="file">The file, when the value is one.</param>
    /// <returns>True when the value is a file object with a path or a URL.</returns>
    public static bool TryRead(JsonNode? value, [NotNullWhen(true)] out GradioFile? file)
    {
        file = null;
        if (value is not JsonObject obj)
        {
            return false;
        }

        var tagged = obj["meta"] is JsonObject meta && meta["_type"] is JsonValue type && type.TryGetValue<string>(out var typeName) && typeName == "gradio.FileData";
        var hasPath = obj.TryGetPropertyValue("path", out var path);
        var hasUrl = obj.TryGetPropertyValue("url", out var url);
        if (!tagged && !(hasPath && hasUrl))
        {
            return false;
        }

        var read = new GradioFile(
            StringOf(path),
            StringOf(url),
            StringOf(obj["orig_name"]),
            StringOf(obj["mime_type"]),
            obj["size"] is JsonValue size && size.TryGetValue<long>(out var bytes) ? bytes : null);
        file = read.Path is not null || read.Url is not null ? read : null;
        return file is not null;
    }

    /// <summary>
    /// Where the file can be downloaded: <see cref="Url"/> as sent when it is absolute http(s) (or a <c>data:image/</c>
    /// URI), resolved against the app's root when relative, or <c>{root}{prefix}/file={path}</c> when the app sent none.
    /// Null when the file names no such location: a <c>file:</c> or <c>javascript:</c> URL is never followed.
    /// </summary>
    /// <param name="app">The app the file came from.</param>
    /// <returns>The download URL, or null.</returns>
    public Uri? Resolve(GradioApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!string.IsNullOrEmpty(Url))
        {
            if (Uri.TryCreate(Url, UriKind.Absolute, out var absolute) && !Url.StartsWith('/'))
            {
                return absolute.Scheme is "http" or "https" || (absolute.Scheme == "data" && Url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)) ? absolute : null;
            }

            return Uri.TryCreate(app.Root, Url, out var relative) && relative.Scheme is "http" or "https" ? relative : null;
        }

        if (string.IsNullOrEmpty(Path))
        {
            return null;
        }

        if (Uri.TryCreate(Path, UriKind.Absolute, out var remote) && !Path.StartsWith('/'))
        {
            return remote.Scheme is "http" or "https" ? remote : null;
        }

        return new Uri($"{app.Root.AbsoluteUri.TrimEnd('/')}{app.Prefix}/file={Path}");
    }

    /// <summary>Writes the file as a Gradio input (<c>{"path", "url", "orig_name", "size", "mime_type", "meta"}</c>).</summary>
    /// <param name="writer">Where to write.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("path", Path);
        if (Url is not null)
        {
            writer.WriteString("url", Url);
        }

        if (OriginalName is not null)
        {
            writer.WriteString("orig_name", OriginalName);
        }

        if (Size is { } size)
        {
            writer.WriteNumber("size", size);
        }

        if (MimeType is not null)
        {
            writer.WriteString("mime_type", MimeType);
        }

        writer.WriteStartObject("meta");
        writer.WriteString("_type", "gradio.FileData");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? StringOf(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}

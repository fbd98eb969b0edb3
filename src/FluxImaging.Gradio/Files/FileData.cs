using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Gradio.Config;

namespace FluxImaging.Gradio.Files;

/// <summary>A Gradio file object (<c>path</c>, <c>url</c>, <c>orig_name</c>, <c>mime_type</c>, <c>meta._type</c>).</summary>
internal readonly record struct FileData(string? Path, string? Url, string? OriginalName, string? MimeType)
{
    /// <summary>
    /// Reads a file object: one whose <c>meta._type</c> is <c>gradio.FileData</c>, or (servers before 4.21) one with
    /// both <c>path</c> and <c>url</c> keys.
    /// </summary>
    public static bool TryRead(JsonElement value, out FileData file)
    {
        file = default;
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

        file = new FileData(StringOf(path), StringOf(url), StringOf(value, "orig_name"), StringOf(value, "mime_type"));
        return file.Path is not null || file.Url is not null;
    }

    /// <summary>Reads a file object from a rebuilt generator output (see <see cref="TryRead(JsonElement, out FileData)"/>).</summary>
    public static bool TryRead(JsonNode? value, out FileData file)
    {
        file = default;
        if (value is not JsonObject obj)
        {
            return false;
        }

        var tagged = obj["meta"] is JsonObject meta && meta["_type"] is JsonValue type && type.TryGetValue<string>(out var name) && name == "gradio.FileData";
        var hasPath = obj.TryGetPropertyValue("path", out var path);
        var hasUrl = obj.TryGetPropertyValue("url", out var url);
        if (!tagged && !(hasPath && hasUrl))
        {
            return false;
        }

        file = new FileData(StringOf(path), StringOf(url), StringOf(obj["orig_name"]), StringOf(obj["mime_type"]));
        return file.Path is not null || file.Url is not null;
    }

    /// <summary>
    /// Where the file can be downloaded: <c>url</c> as returned when absolute, resolved against the app's root when
    /// relative, or built as <c>{root}{prefix}/file={path}</c> when the server sent none.
    /// </summary>
    public Uri? Resolve(GradioApp app)
    {
        if (!string.IsNullOrEmpty(Url))
        {
            if (Uri.TryCreate(Url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            {
                return absolute;
            }

            return Uri.TryCreate(app.Root, Url, out var relative) ? relative : null;
        }

        if (string.IsNullOrEmpty(Path))
        {
            return null;
        }

        if (Uri.TryCreate(Path, UriKind.Absolute, out var remote) && remote.Scheme is "http" or "https")
        {
            return remote;
        }

        return new Uri($"{app.Root.AbsoluteUri.TrimEnd('/')}{app.Prefix}/file={Path}");
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? StringOf(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static string? StringOf(JsonElement parent, string name) => parent.TryGetProperty(name, out var value) ? StringOf(value) : null;
}

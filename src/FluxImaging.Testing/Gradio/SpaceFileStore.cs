using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// A Space's temp files (<c>/tmp/gradio/{hash}/{name}</c>): results it made, files clients uploaded through
/// <c>POST {prefix}/upload</c>, and the <c>{prefix}/file={path}</c> route that serves both.
/// </summary>
internal sealed class SpaceFileStore
{
    // Gradio hashes uploads with a per-server secret: the same bytes get the same directory on one server only.
    private readonly byte[] _seed = RandomNumberGenerator.GetBytes(16);
    private readonly BoundedStore<byte[]> _files = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<SpaceUpload> _uploads = new();

    public IReadOnlyList<SpaceUpload> Uploads => [.. _uploads];

    /// <summary>Stores bytes as a new temp file and returns its FileData, with the URL built from the request's root.</summary>
    public JsonObject Store(byte[] bytes, string root, string apiPrefix, string fileName, string? originalName = null)
    {
        var path = $"/tmp/gradio/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}/{fileName}";
        _files.Add(path, bytes);
        return FileData(path, $"{root}{apiPrefix}/file={path}", originalName ?? fileName);
    }

    /// <summary>The FileData of a file already stored (a Gallery keeps PIL images' <c>orig_name</c> null).</summary>
    public static JsonObject FileData(string path, string url, string? originalName) => new()
    {
        ["path"] = path,
        ["url"] = url,
        ["size"] = null,
        ["orig_name"] = originalName,
        ["mime_type"] = null,
        ["is_stream"] = false,
        ["meta"] = new JsonObject { ["_type"] = "gradio.FileData" },
    };

    /// <summary>The bytes a FileData input refers to: an uploaded or produced file, by <c>path</c> or by this Space's own <c>url</c>.</summary>
    public bool TryResolve(JsonNode? fileData, out byte[] bytes)
    {
        bytes = [];
        if (fileData is not JsonObject file)
        {
            return false;
        }

        var path = file["path"] is JsonValue p && p.TryGetValue<string>(out var text) ? text : null;
        if (path is not null && _files.TryGetValue(path, out bytes!))
        {
            return true;
        }

        foreach (var candidate in new[] { path, file["url"] is JsonValue u && u.TryGetValue<string>(out var url) ? url : null })
        {
            var marker = candidate?.IndexOf("/file=", StringComparison.Ordinal) ?? -1;
            if (marker >= 0 && _files.TryGetValue(candidate![(marker + "/file=".Length)..], out bytes!))
            {
                return true;
            }
        }

        return false;
    }

    public async Task ServeAsync(HttpContext context, string path)
    {
        if (!_files.TryGetValue(path, out var bytes))
        {
            await SpaceHttp.Detail(context, 403, $"File not allowed: {path}.").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypeOf(path);
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{Path.GetFileName(path)}\"";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>POST {prefix}/upload[?upload_id=]</c> (<c>routes.py</c> <c>upload_file</c>): every multipart part named
    /// <c>files</c> becomes a temp file; the answer lists their server paths in order.
    /// </summary>
    public async Task UploadAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType || !(context.Request.ContentType ?? string.Empty).StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            await SpaceHttp.Detail(context, 400, "Invalid content type.").ConfigureAwait(false);
            return;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            // Starlette's multipart errors come back as plain text.
            context.Response.StatusCode = 400;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(exception.Message, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var uploadId = context.Request.Query["upload_id"].ToString();
        var paths = new JsonArray();
        foreach (var part in form.Files.Where(f => f.Name == "files"))
        {
            using var content = new MemoryStream();
            await part.CopyToAsync(content, context.RequestAborted).ConfigureAwait(false);
            var bytes = content.ToArray();
            var name = SafeFileName(part.FileName);
            var hash = SHA256.HashData([.. _seed, .. bytes]);
            var path = $"/tmp/gradio/{Convert.ToHexStringLower(hash)}/{name}";
            _files.Add(path, bytes);
            _uploads.Enqueue(new SpaceUpload(path, part.FileName, part.ContentType, bytes, uploadId.Length > 0 ? uploadId : null));
            // As a JsonNode: JsonArray.Add<T> of anything else creates the value by reflection.
            paths.Add((JsonNode?)path);
        }

        await SpaceHttp.Json(context, 200, paths).ConfigureAwait(false);
    }

    /// <summary><c>GET {prefix}/upload_progress?upload_id=</c>: the upload has always finished by the time anyone asks.</summary>
    public static async Task UploadProgressAsync(HttpContext context)
    {
        await SpaceHttp.StartEventStreamAsync(context).ConfigureAwait(false);
        await SpaceHttp.WriteAsync(context, "data: {\"msg\": \"done\"}\n\n"u8.ToArray()).ConfigureAwait(false);
    }

    // Gradio keeps the part's base name without characters a file system refuses, or invents tmpXXXXXXXXXX.
    private static string SafeFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        var kept = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' or '(' or ')')
            {
                kept.Append(c);
            }
        }

        var safe = kept.ToString().Trim().TrimStart('.');
        return safe.Length > 0 ? safe : "tmp" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));
    }

    private static string MediaTypeOf(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".WEBP" => "image/webp",
        ".JPG" or ".JPEG" => "image/jpeg",
        ".GIF" => "image/gif",
        ".PNG" => "image/png",
        _ => "application/octet-stream",
    };
}

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>A Space's temp files (<c>/tmp/gradio/{hash}/{name}</c>) and the <c>{prefix}/file={path}</c> route that serves them.</summary>
internal sealed class SpaceFileStore
{
    private readonly BoundedStore<byte[]> _files = new();

    /// <summary>Stores bytes as a new temp file and returns its FileData, with the URL built from the request's root.</summary>
    public JsonObject Store(byte[] bytes, string root, string apiPrefix, string fileName, string? originalName = null)
    {
        var path = $"/tmp/gradio/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}/{fileName}";
        _files.Add(path, bytes);

        return new JsonObject
        {
            ["path"] = path,
            ["url"] = $"{root}{apiPrefix}/file={path}",
            ["size"] = null,
            ["orig_name"] = originalName ?? fileName,
            ["mime_type"] = null,
            ["is_stream"] = false,
            ["meta"] = new JsonObject { ["_type"] = "gradio.FileData" },
        };
    }

    public async Task ServeAsync(HttpContext context, string path)
    {
        if (!_files.TryGetValue(path, out var bytes))
        {
            await SpaceHttp.Detail(context, 403, $"File not allowed: {path}.").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = path.EndsWith(".webp", StringComparison.Ordinal) ? "image/webp" : "image/png";
        context.Response.ContentLength = bytes.Length;
        context.Response.Headers.AcceptRanges = "bytes";
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{Path.GetFileName(path)}\"";
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }
    }
}

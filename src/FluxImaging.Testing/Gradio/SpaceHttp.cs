using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>How a Gradio server answers on the wire: FastAPI's JSON and errors, Starlette's event streams, the root URL.</summary>
internal static class SpaceHttp
{
    public static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    public static Task Detail(HttpContext context, int status, string detail) => Json(context, status, new JsonObject { ["detail"] = detail });

    public static Task InternalServerError(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Internal Server Error", context.RequestAborted);
    }

    /// <summary>The root URL Gradio computes per request (<c>route_utils.get_root_url</c>): forwarded host first.</summary>
    public static string RootOf(HttpRequest request)
    {
        var forwardedHost = request.Headers["X-Forwarded-Host"].ToString().Split(',')[0].Trim();
        if (forwardedHost.Length > 0)
        {
            var https = request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim().Equals("https", StringComparison.OrdinalIgnoreCase);
            return $"{(https ? "https" : "http")}://{forwardedHost}";
        }

        return $"{request.Scheme}://{request.Host}";
    }

    // Starlette's StreamingResponse sends its headers before the first event: so do we.
    public static Task StartEventStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.FlushAsync(context.RequestAborted);
    }

    // Gradio re-raises after the error event: the body ends without a clean terminator. The pause lets the client
    // read the event before the connection is cut, as it does through a real server's buffers.
    public static async Task AbortAfterFlushAsync(HttpContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None).ConfigureAwait(false);
        context.Abort();
    }

    public static async Task WriteAsync(HttpContext context, byte[] frame)
    {
        await context.Response.Body.WriteAsync(frame, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Reads a <c>PredictBody</c>; answers FastAPI's 422 itself (and returns null) when it is not one.</summary>
    public static async Task<JsonObject?> ReadPredictBodyAsync(HttpContext context)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Json(context, 422, new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["type"] = "json_invalid", ["loc"] = new JsonArray("body"), ["msg"] = "JSON decode error" }) }).ConfigureAwait(false);
            return null;
        }

        if (node is not JsonObject body || body["data"] is not JsonArray)
        {
            await Json(context, 422, new JsonObject
            {
                ["detail"] = new JsonArray(new JsonObject { ["type"] = "missing", ["loc"] = new JsonArray("body", "data"), ["msg"] = "Field required", ["input"] = node?.DeepClone() }),
            }).ConfigureAwait(false);
            return null;
        }

        return body;
    }
}

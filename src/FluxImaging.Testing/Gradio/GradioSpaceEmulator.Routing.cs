using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>Which handler answers which URL, per layout (<c>gradio.md</c> §2, §13).</summary>
public abstract partial class GradioSpaceEmulator
{
    private Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        if (get && path is "/config" or "/config/")
        {
            return SpaceHttp.Json(context, 200, SpaceConfigDocument.Build(Layout, Title, SpaceHttp.RootOf(request), AnnounceSpaceId ? SpaceId : null, Components, Functions));
        }

        if (ApiPrefix.Length > 0)
        {
            if (!path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal))
            {
                return SpaceHttp.Detail(context, 404, "Not Found");
            }

            path = path[ApiPrefix.Length..];
        }

        if (path.StartsWith("/file=", StringComparison.Ordinal) && (get || HttpMethods.IsHead(request.Method)))
        {
            return _files.ServeAsync(context, path["/file=".Length..]);
        }

        var segments = path.Trim('/').Split('/');
        var gradio6 = Layout >= GradioLayout.Gradio6;
        return (request.Method, segments) switch
        {
            ("GET", ["info"]) => SpaceHttp.Json(context, 200, SpaceInfoDocument.Build(Layout, Functions)),
            ("POST", ["call", "v2", var api]) when gradio6 => CallSubmitNamedAsync(context, api),
            ("GET", ["call", "v2", var api, var eventId]) when gradio6 => CountedAsync(CallStreamAsync(context, api, eventId)),
            ("POST", ["call", var api]) => CallSubmitAsync(context, api),
            ("GET", ["call", var api, var eventId]) => CountedAsync(CallStreamAsync(context, api, eventId)),

            // Before 6.13 only the GET route has three segments: Starlette answers a POST to it with 405.
            ("POST", ["call", _, _]) => SpaceHttp.Detail(context, 405, "Method Not Allowed"),
            ("POST", ["upload"]) => _files.UploadAsync(context),
            ("GET", ["upload_progress"]) => SpaceFileStore.UploadProgressAsync(context),
            ("POST", ["queue", "join"]) => JoinAsync(context),
            ("GET", ["queue", "data"]) => CountedAsync(QueueDataAsync(context)),
            ("POST", ["cancel"]) => CancelAsync(context),
            ("POST", ["reset"]) => SpaceHttp.Json(context, 200, new JsonObject { ["success"] = true }),
            ("GET", ["app_id"]) => SpaceHttp.Json(context, 200, new JsonObject { ["app_id"] = 1_234_567 }),
            ("GET", ["queue", "status"]) => SpaceHttp.Json(context, 200, new JsonObject { ["msg"] = "estimation", ["event_id"] = null, ["rank"] = null, ["queue_size"] = 0, ["rank_eta"] = null }),
            ("GET", ["heartbeat", _]) => HeartbeatRouteAsync(context),
            _ => post || get ? SpaceHttp.Detail(context, 404, "Not Found") : SpaceHttp.Detail(context, 405, "Method Not Allowed"),
        };
    }

    private async Task CountedAsync(Task stream)
    {
        Interlocked.Increment(ref _openStreams);
        try
        {
            await stream.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _openStreams);
        }
    }

    private async Task HeartbeatsUntilAbortedAsync(HttpContext context, byte[] heartbeat)
    {
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(HeartbeatInterval, context.RequestAborted).ConfigureAwait(false);
                await SpaceHttp.WriteAsync(context, heartbeat).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    private async Task HeartbeatRouteAsync(HttpContext context)
    {
        await SpaceHttp.StartEventStreamAsync(context).ConfigureAwait(false);
        await HeartbeatsUntilAbortedAsync(context, "data: ALIVE\n\n"u8.ToArray()).ConfigureAwait(false);
    }
}

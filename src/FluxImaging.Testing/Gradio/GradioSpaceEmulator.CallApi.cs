using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The simple <c>/call</c> API (<c>gradio.md</c> §5): <c>POST {prefix}/call/{api}</c> answers an event id, and
/// <c>GET {prefix}/call/{api}/{event_id}</c> streams <c>event:</c>/<c>data:</c> pairs in Python's JSON style.
/// </summary>
public abstract partial class GradioSpaceEmulator
{
    private readonly BoundedStore<CallJob> _callJobs = new();

    private async Task CallSubmitAsync(HttpContext context, string apiName)
    {
        var body = await SpaceHttp.ReadPredictBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        var function = Functions.FirstOrDefault(f => f.ApiName == apiName);
        if (function is null)
        {
            await SpaceHttp.InternalServerError(context).ConfigureAwait(false);
            return;
        }

        var fault = TakeFault(body["data"]!.AsArray());
        var eventId = NewEventId();
        if (fault != SpaceFault.UnknownEventId)
        {
            var job = new CallJob(fault);
            var key = body["session_hash"]?.GetValue<string>() ?? eventId; // 4.x/5.x quirk: a session_hash makes the result unreachable.
            _callJobs.Add(key, job);

            var run = NewRun(context, function, body["data"]!.AsArray(), fault);
            _ = Task.Run(() => RunCallJobAsync(job, run));
        }

        await SpaceHttp.Json(context, 200, new JsonObject { ["event_id"] = eventId }).ConfigureAwait(false);
    }

    private async Task RunCallJobAsync(CallJob job, SpaceRun run)
    {
        var writer = job.Events.Writer;
        try
        {
            switch (run.Fault)
            {
                case SpaceFault.Stalls or SpaceFault.Silent:
                    return; // Never a result.
                case SpaceFault.EndsEarly:
                    writer.TryComplete();
                    return;
                case SpaceFault.HiddenError or SpaceFault.QuotaExceeded:
                    writer.TryWrite(("error", "null"));
                    return;
                case SpaceFault.UnexpectedError:
                    writer.TryWrite(("error", PythonJson.Dumps("Server stopped unexpectedly.")));
                    return;
            }

            if (Validate(run) is not null)
            {
                writer.TryWrite(("error", "null")); // /call drops the gr.Error text on 4.x and 5.x.
                return;
            }

            await foreach (var step in RunAsync(run, _stopping.Token).ConfigureAwait(false))
            {
                switch (step)
                {
                    case SpaceStep.Yield yielded:
                        writer.TryWrite(("generating", PythonJson.Dumps(new JsonArray([.. yielded.Outputs.Select(o => o?.DeepClone())]))));
                        break;
                    case SpaceStep.Return returned:
                        writer.TryWrite(("complete", PythonJson.Dumps(new JsonArray([.. returned.Outputs.Select(o => o?.DeepClone())]))));
                        return;
                    case SpaceStep.Fail:
                        writer.TryWrite(("error", "null"));
                        return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The emulator is stopping.
        }
        finally
        {
            if (run.Fault is not (SpaceFault.Stalls or SpaceFault.Silent))
            {
                writer.TryComplete();
            }
        }
    }

    private async Task CallStreamAsync(HttpContext context, string apiName, string eventId)
    {
        await SpaceHttp.StartEventStreamAsync(context).ConfigureAwait(false);
        var aborted = context.RequestAborted;
        if (!_callJobs.TryGetValue(eventId, out var job))
        {
            var message = Layout == GradioLayout.Gradio5 ? "404: Not Found" : "404: Session not found.";
            await SpaceHttp.WriteAsync(context, Encoding.UTF8.GetBytes($"event: error\ndata: {PythonJson.Dumps(message)}\n\n")).ConfigureAwait(false);
            await SpaceHttp.AbortAfterFlushAsync(context).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Exchange(ref job.Consumed, 1) == 1 || job.Fault == SpaceFault.Stalls)
        {
            await HeartbeatsUntilAbortedAsync(context, "event: heartbeat\ndata: null\n\n"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        if (job.Fault == SpaceFault.Silent)
        {
            await Task.Delay(Timeout.Infinite, aborted).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            return;
        }

        try
        {
            var reader = job.Events.Reader;
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(HeartbeatInterval);
                bool more;
                try
                {
                    more = await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await SpaceHttp.WriteAsync(context, "event: heartbeat\ndata: null\n\n"u8.ToArray()).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    return; // Ended without a terminal event (the EndsEarly fault).
                }

                while (reader.TryRead(out var item))
                {
                    await SpaceHttp.WriteAsync(context, Encoding.UTF8.GetBytes($"event: {item.Event}\ndata: {item.Data}\n\n")).ConfigureAwait(false);
                    if (item.Event is "complete" or "error")
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private sealed class CallJob(SpaceFault? fault)
    {
        public Channel<(string Event, string Data)> Events { get; } = Channel.CreateUnbounded<(string, string)>();

        public SpaceFault? Fault => fault;

        public int Consumed;
    }
}

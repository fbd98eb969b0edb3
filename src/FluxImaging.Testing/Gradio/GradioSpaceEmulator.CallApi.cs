using System.Text;
using System.Text.Json;
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

        // 4.x/5.x quirk: a session_hash keys the job under it, so the GET by event id never finds it. 6.x looks it up.
        var sessionHash = Layout < GradioLayout.Gradio6 && body["session_hash"] is JsonValue hash && hash.TryGetValue<string>(out var text) ? text : null;
        await StartCallJobAsync(context, function, body["data"]!.AsArray(), sessionHash).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>POST {prefix}/call/v2/{api}</c> (6.13+): named arguments, missing ones filled from <c>/info</c> defaults.
    /// An unknown endpoint, an unknown keyword or a missing required argument raise outside any handler: 500.
    /// </summary>
    private async Task CallSubmitNamedAsync(HttpContext context, string apiName)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            node = null;
        }

        if (node is not JsonObject arguments)
        {
            await SpaceHttp.Json(context, 422, new JsonObject
            {
                ["detail"] = new JsonArray(new JsonObject { ["type"] = "dict_type", ["loc"] = new JsonArray("body"), ["msg"] = "Input should be a valid dictionary", ["input"] = node?.DeepClone() }),
            }).ConfigureAwait(false);
            return;
        }

        var function = Functions.FirstOrDefault(f => f.ApiName == apiName);
        var data = function is null ? null : NamedArguments.ToPositional(function, arguments);
        if (data is null)
        {
            await SpaceHttp.InternalServerError(context).ConfigureAwait(false);
            return;
        }

        await StartCallJobAsync(context, function!, data, sessionHash: null).ConfigureAwait(false);
    }

    private async Task StartCallJobAsync(HttpContext context, SpaceFunction function, JsonArray data, string? sessionHash)
    {
        var (refused, zeroGpu) = await AdmitAsync(context).ConfigureAwait(false);
        if (refused)
        {
            return;
        }

        var fault = TakeFault(data);
        var eventId = NewEventId();
        if (fault != SpaceFault.UnknownEventId)
        {
            var job = new CallJob(fault);
            _callJobs.Add(sessionHash ?? eventId, job);
            var run = NewRun(context, function, data, fault, zeroGpu);
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
                case SpaceFault.HiddenError:
                    writer.TryWrite(("error", CallError(null, null)));
                    return;
                case SpaceFault.QuotaExceeded:
                    writer.TryWrite(("error", CallError(QuotaFailure.Text, QuotaFailure.Title)));
                    return;
                case SpaceFault.UnexpectedError:
                    writer.TryWrite(("error", PythonJson.Dumps("Server stopped unexpectedly.")));
                    return;
            }

            if (Validate(run) is { } invalid)
            {
                writer.TryWrite(("error", CallError(invalid, "Error")));
                return;
            }

            var gpu = run.ZeroGpu;
            if (gpu?.Kind is ZeroGpuFault.FaultKind.Failure or ZeroGpuFault.FaultKind.FailureAfterQueueWait)
            {
                writer.TryWrite(("error", CallError(gpu.MessageFor(run.Caller.Identity, run.Caller.ApiCall), gpu.Title)));
                return;
            }

            var progressed = 0;
            await foreach (var step in RunAsync(run, _stopping.Token).ConfigureAwait(false))
            {
                switch (step)
                {
                    case SpaceStep.Progress when gpu?.Kind == ZeroGpuFault.FaultKind.FailureAfterProgress && ++progressed == 2:
                        writer.TryWrite(("error", CallError(gpu.MessageFor(run.Caller.Identity, run.Caller.ApiCall), gpu.Title)));
                        return;
                    case SpaceStep.Yield yielded:
                        writer.TryWrite(("generating", PythonJson.Dumps(new JsonArray([.. yielded.Outputs.Select(o => o?.DeepClone())]))));
                        break;
                    case SpaceStep.Return when gpu?.Kind == ZeroGpuFault.FaultKind.FailureAfterProgress:
                        writer.TryWrite(("error", CallError(gpu.MessageFor(run.Caller.Identity, run.Caller.ApiCall), gpu.Title)));
                        return;
                    case SpaceStep.Return returned:
                        writer.TryWrite(("complete", PythonJson.Dumps(new JsonArray([.. returned.Outputs.Select(o => o?.DeepClone())]))));
                        return;
                    case SpaceStep.Fail failed:
                        writer.TryWrite(("error", CallError(failed.Error, failed.Title)));
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

    /// <summary>
    /// The <c>data:</c> of <c>event: error</c>: 4.x and 5.x drop the text (<c>null</c>); 6.13+ send the error payload,
    /// <c>{"error": null}</c> for a hidden exception.
    /// </summary>
    private string CallError(string? text, string? title)
    {
        if (Layout < GradioLayout.Gradio6)
        {
            return "null";
        }

        var payload = new JsonObject { ["error"] = text };
        if (text is not null)
        {
            payload["duration"] = 10;
            payload["visible"] = true;
            payload["title"] = title ?? "Error";
        }

        return PythonJson.Dumps(payload);
    }

    private async Task CallStreamAsync(HttpContext context, string apiName, string eventId)
    {
        await SpaceHttp.StartEventStreamAsync(context).ConfigureAwait(false);
        var aborted = context.RequestAborted;
        if (!_callJobs.TryGetValue(eventId, out var job))
        {
            var message = Layout >= GradioLayout.Gradio5 ? "404: Not Found" : "404: Session not found.";
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

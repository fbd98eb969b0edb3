using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The queue protocol (<c>sse_v3</c>, <c>gradio.md</c> §6–7): <c>POST {prefix}/queue/join</c>, one
/// <c>GET {prefix}/queue/data</c> stream per session with estimations, progress, logs, diffed previews, the completion
/// and <c>close_stream</c>; heartbeats while idle; <c>POST {prefix}/cancel</c>.
/// </summary>
public abstract partial class GradioSpaceEmulator
{
    private static readonly byte[] EndOfStream = [];

    private readonly ConcurrentDictionary<string, QueueSession> _sessions = new(StringComparer.Ordinal);

    private async Task JoinAsync(HttpContext context)
    {
        var body = await SpaceHttp.ReadPredictBodyAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        if (body["fn_index"] is not JsonValue fnValue || !fnValue.TryGetValue<int>(out var fnIndex))
        {
            await SpaceHttp.Detail(context, 400, "No function index provided.").ConfigureAwait(false);
            return;
        }

        if (body["session_hash"] is not JsonValue sessionValue || !sessionValue.TryGetValue<string>(out var sessionHash))
        {
            await SpaceHttp.Detail(context, 400, "Session hash not found.").ConfigureAwait(false);
            return;
        }

        if (body["trigger_id"] is JsonValue trigger && trigger.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.Null))
        {
            await SpaceHttp.Json(context, 422, new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["type"] = "int_type", ["loc"] = new JsonArray("body", "trigger_id"), ["msg"] = "Input should be a valid integer" }) }).ConfigureAwait(false);
            return;
        }

        var function = Functions.FirstOrDefault(f => f.Id == fnIndex);
        if (function is null)
        {
            await SpaceHttp.InternalServerError(context).ConfigureAwait(false);
            return;
        }

        var (refused, zeroGpu) = await AdmitAsync(context).ConfigureAwait(false);
        if (refused)
        {
            return;
        }

        var eventId = NewEventId();
        var session = _sessions.GetOrAdd(sessionHash, static _ => new QueueSession());
        var job = new QueueJob(eventId, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        lock (session)
        {
            session.Jobs[eventId] = job;
            session.Pending++;
        }

        var run = NewRun(context, function, body["data"]!.AsArray(), TakeFault(body["data"]!.AsArray()), zeroGpu);
        session.Messages.Writer.TryWrite(QueueMessageWriter.Estimation(eventId, QueueAhead, QueueAhead + 1, QueueAhead > 0 ? QueueAhead * 10.0 : null));
        _ = Task.Run(() => RunQueueJobAsync(session, job, run));
        await SpaceHttp.Json(context, 200, new JsonObject { ["event_id"] = eventId }).ConfigureAwait(false);
    }

    private async Task RunQueueJobAsync(QueueSession session, QueueJob job, SpaceRun run)
    {
        var writer = session.Messages.Writer;
        var layout = Layout;
        var ended = false;
        try
        {
            var token = job.Cancellation.Token;
            if (run.Fault == SpaceFault.ForeignEvents)
            {
                var foreign = NewEventId();
                writer.TryWrite(QueueMessageWriter.Estimation(foreign, 3, 4, 30.0));
                writer.TryWrite(QueueMessageWriter.Failed(foreign, "Someone else's job failed.", "Error", layout));
            }

            for (var rank = QueueAhead - 1; rank >= 0; rank--)
            {
                await Task.Delay(StepDelay, token).ConfigureAwait(false);
                writer.TryWrite(QueueMessageWriter.Estimation(job.EventId, rank, rank + 1, rank > 0 ? rank * 10.0 : null));
            }

            writer.TryWrite(QueueMessageWriter.ProcessStarts(job.EventId, Eta));
            if (TakeLog() is { } scripted)
            {
                writer.TryWrite(QueueMessageWriter.Log(job.EventId, scripted.Text, scripted.Level, scripted.Title, layout));
            }
            switch (run.Fault)
            {
                case SpaceFault.Stalls or SpaceFault.Silent:
                    session.Silent = run.Fault == SpaceFault.Silent;
                    ended = true; // Never a result; the stream stays open.
                    return;
                case SpaceFault.EndsEarly:
                    writer.TryWrite(EndOfStream);
                    ended = true;
                    return;
                case SpaceFault.HiddenError:
                    writer.TryWrite(QueueMessageWriter.Failed(job.EventId, null, "Error", layout));
                    return;
                case SpaceFault.QuotaExceeded:
                    writer.TryWrite(QueueMessageWriter.Failed(job.EventId, QuotaFailure.Text, QuotaFailure.Title, layout));
                    return;
                case SpaceFault.UnexpectedError:
                    writer.TryWrite(QueueMessageWriter.UnexpectedError(null, "Server stopped unexpectedly.", sessionNotFound: false));
                    writer.TryWrite(EndOfStream);
                    ended = true;
                    return;
            }

            if (Validate(run) is { } invalid)
            {
                writer.TryWrite(QueueMessageWriter.Failed(job.EventId, invalid, "Error", layout));
                return;
            }

            // ZeroGPU acts inside the function, once Gradio has validated the inputs.
            var gpu = run.ZeroGpu;
            var gpuText = gpu?.MessageFor(run.Caller.Identity, run.Caller.ApiCall);
            switch (gpu?.Kind)
            {
                case ZeroGpuFault.FaultKind.Failure:
                    writer.TryWrite(QueueMessageWriter.Failed(job.EventId, gpuText, gpu.Title, layout));
                    return;
                case ZeroGpuFault.FaultKind.FailureAfterQueueWait:
                    writer.TryWrite(QueueMessageWriter.Log(job.EventId, "Waiting for a GPU to become available", "info", "ZeroGPU queue", layout));
                    await Task.Delay(StepDelay, token).ConfigureAwait(false);
                    writer.TryWrite(QueueMessageWriter.Failed(job.EventId, gpuText, gpu.Title, layout));
                    return;
                case ZeroGpuFault.FaultKind.Warning:
                    writer.TryWrite(QueueMessageWriter.Log(job.EventId, gpuText!, "warning", gpu.Title, layout));
                    break;
            }

            JsonNode?[]? previous = null;
            var yields = 0;
            var progressed = 0;
            var failsAfterProgress = gpu?.Kind == ZeroGpuFault.FaultKind.FailureAfterProgress;
            await foreach (var step in RunAsync(run, token).ConfigureAwait(false))
            {
                switch (step)
                {
                    case SpaceStep.Progress progress when failsAfterProgress && ++progressed == 2:
                        writer.TryWrite(QueueMessageWriter.Progress(job.EventId, progress.Index, progress.Length));
                        writer.TryWrite(QueueMessageWriter.Failed(job.EventId, gpuText, gpu!.Title, layout, topLevelTitle: yields == 0));
                        return;
                    case SpaceStep.Return when failsAfterProgress:
                        writer.TryWrite(QueueMessageWriter.Failed(job.EventId, gpuText, gpu!.Title, layout, topLevelTitle: yields == 0));
                        return;
                    case SpaceStep.Progress progress:
                        writer.TryWrite(QueueMessageWriter.Progress(job.EventId, progress.Index, progress.Length));
                        break;
                    case SpaceStep.Log log:
                        writer.TryWrite(QueueMessageWriter.Log(job.EventId, log.Text, log.Level, log.Title, layout));
                        break;
                    case SpaceStep.Yield yielded:
                        yields++;
                        JsonArray data;
                        if (previous is null)
                        {
                            data = new JsonArray([.. yielded.Outputs.Select(o => o?.DeepClone())]);
                        }
                        else
                        {
                            data = new JsonArray([.. yielded.Outputs.Select((o, i) => (JsonNode)GradioDiff.Compute(previous[i], o))]);
                            if (run.Fault == SpaceFault.MalformedDiff && yields == 2)
                            {
                                data[0] = new JsonArray(new JsonArray("explode", new JsonArray("path"), "nonsense"));
                            }
                        }

                        previous = yielded.Outputs;
                        writer.TryWrite(QueueMessageWriter.Generating(job.EventId, data, layout));
                        break;
                    case SpaceStep.Return returned:
                        writer.TryWrite(QueueMessageWriter.Completed(job.EventId, new JsonArray([.. returned.Outputs.Select(o => o?.DeepClone())]), layout));
                        return;
                    case SpaceStep.Fail failed:
                        writer.TryWrite(QueueMessageWriter.Failed(job.EventId, failed.Error, failed.Title, layout, topLevelTitle: yields == 0));
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            writer.TryWrite(QueueMessageWriter.Cancelled(job.EventId, layout));
        }
        catch (OperationCanceledException)
        {
            ended = true;
        }
        finally
        {
            if (!ended)
            {
                FinishJob(session, job);
            }
        }
    }

    private static void FinishJob(QueueSession session, QueueJob job)
    {
        lock (session)
        {
            session.Jobs.TryRemove(job.EventId, out _);
            session.Pending--;
            if (session.Pending == 0)
            {
                session.Messages.Writer.TryWrite(QueueMessageWriter.CloseStream());
                session.Messages.Writer.TryWrite(EndOfStream);
            }
        }

        job.Cancellation.Dispose();
    }

    private async Task QueueDataAsync(HttpContext context)
    {
        await SpaceHttp.StartEventStreamAsync(context).ConfigureAwait(false);
        var sessionHash = context.Request.Query["session_hash"].ToString();
        if (!_sessions.TryGetValue(sessionHash, out var session))
        {
            var notFound = Layout >= GradioLayout.Gradio5
                ? QueueMessageWriter.UnexpectedError(null, "404: Not Found", sessionNotFound: true)
                : QueueMessageWriter.UnexpectedError(null, "404: Session not found.", sessionNotFound: false);
            await SpaceHttp.WriteAsync(context, notFound).ConfigureAwait(false);
            await SpaceHttp.AbortAfterFlushAsync(context).ConfigureAwait(false);
            return;
        }

        var aborted = context.RequestAborted;
        var reader = session.Messages.Reader;
        var lastHeartbeat = DateTimeOffset.UtcNow;
        var completedNormally = false;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                var untilHeartbeat = HeartbeatInterval - (DateTimeOffset.UtcNow - lastHeartbeat);
                wait.CancelAfter(untilHeartbeat > TimeSpan.Zero ? untilHeartbeat : TimeSpan.Zero);
                try
                {
                    await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    if (!session.Silent)
                    {
                        await SpaceHttp.WriteAsync(context, QueueMessageWriter.Heartbeat()).ConfigureAwait(false);
                    }

                    lastHeartbeat = DateTimeOffset.UtcNow;
                    continue;
                }

                while (reader.TryRead(out var frame))
                {
                    if (ReferenceEquals(frame, EndOfStream))
                    {
                        completedNormally = true;
                        return;
                    }

                    await SpaceHttp.WriteAsync(context, frame).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away: like Gradio, drop the session's pending jobs.
        }
        finally
        {
            if (!completedNormally)
            {
                foreach (var job in session.Jobs.Values)
                {
                    await job.Cancellation.CancelAsync().ConfigureAwait(false);
                }
            }

            _sessions.TryRemove(sessionHash, out _);
        }
    }

    private async Task CancelAsync(HttpContext context)
    {
        JsonObject? body = null;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            // Treated like an empty body.
        }

        var eventId = body?["event_id"]?.GetValue<string>();
        var sessionHash = body?["session_hash"]?.GetValue<string>();
        if (eventId is not null && sessionHash is not null && _sessions.TryGetValue(sessionHash, out var session) && session.Jobs.TryGetValue(eventId, out var job))
        {
            Interlocked.Increment(ref _cancelledJobs);
            await job.Cancellation.CancelAsync().ConfigureAwait(false);
        }

        await SpaceHttp.Json(context, 200, new JsonObject { ["success"] = true }).ConfigureAwait(false);
    }

    private sealed class QueueSession
    {
        public Channel<byte[]> Messages { get; } = Channel.CreateUnbounded<byte[]>();

        public ConcurrentDictionary<string, QueueJob> Jobs { get; } = new(StringComparer.Ordinal);

        public int Pending { get; set; }

        public volatile bool Silent;
    }

    private sealed record QueueJob(string EventId, CancellationTokenSource Cancellation);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// A faithful loopback emulator of a Gradio app (a Hugging Face Space) in the 4.x or 5.x layout: <c>/config</c>,
/// <c>/info</c>, the <c>/call</c> API, the queue protocol (<c>sse_v3</c>: join, data stream with diffs, heartbeats,
/// <c>close_stream</c>, cancel), and <c>/file=</c> downloads — plus scripted <see cref="SpaceFault"/>s.
/// </summary>
public abstract class GradioSpaceEmulator : IAsyncDisposable
{
    private static readonly byte[] EndOfStream = [];

    private readonly BoundedStore<CallJob> _callJobs = new();
    private readonly ConcurrentDictionary<string, QueueSession> _sessions = new(StringComparer.Ordinal);
    private readonly BoundedStore<byte[]> _files = new();
    private readonly ConcurrentQueue<SpaceFault> _faults = new();
    private readonly CancellationTokenSource _stopping = new();
    private EmulatorHost? _host;

    private protected GradioSpaceEmulator(GradioLayout layout)
    {
        Layout = layout;
    }

    /// <summary>Which Gradio generation the Space behaves like; may be switched while running.</summary>
    public GradioLayout Layout { get; set; }

    /// <summary>How often idle streams send a heartbeat. Gradio's default is 15 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many jobs the Space pretends are ahead in its queue (each estimation counts one down).</summary>
    public int QueueAhead { get; set; }

    /// <summary>
    /// When true, a prompt <c>fault:&lt;SpaceFault&gt; …</c> (e.g. <c>fault:QuotaExceeded a cat</c>) makes that job show
    /// the fault: deterministic under concurrency, unlike <see cref="FailNext"/>. Default false.
    /// </summary>
    public bool PromptFaults { get; set; }

    /// <summary>The pause between simulated steps (queue positions, inference steps).</summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The underlying host: recorded requests and HTTP-level faults.</summary>
    public EmulatorHost Host => _host ?? throw new InvalidOperationException("The emulator is not started.");

    /// <summary>The Space's base URL (no trailing slash).</summary>
    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Host.Requests;

    /// <summary>The API prefix of the current layout: <c>""</c> or <c>/gradio_api</c>.</summary>
    public string ApiPrefix => Layout == GradioLayout.Gradio5 ? "/gradio_api" : string.Empty;

    /// <summary>The number of <c>/cancel</c> requests that found a running job.</summary>
    public int CancelledJobs => _cancelledJobs;

    /// <summary>The number of event streams (<c>/call</c> results and <c>/queue/data</c>) currently open.</summary>
    public int OpenStreams => _openStreams;

    private int _cancelledJobs;
    private int _openStreams;

    private protected abstract string Title { get; }

    private protected abstract IReadOnlyList<SpaceComponent> Components { get; }

    private protected abstract IReadOnlyList<SpaceFunction> Functions { get; }

    private protected virtual double? Eta => null;

    /// <summary>Makes the next <paramref name="times"/> jobs show <paramref name="fault"/>.</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="times">How many jobs it applies to.</param>
    public void FailNext(SpaceFault fault, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Stops the emulator.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    private protected abstract IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, CancellationToken cancellationToken);

    private protected async Task StartHostAsync(CancellationToken cancellationToken) =>
        _host = await EmulatorHost.StartAsync(routes => routes.Map("/{**path}", DispatchAsync), cancellationToken).ConfigureAwait(false);

    /// <summary>Stores image bytes as a Space temp file and returns its FileData, with the URL built from the request's root.</summary>
    private protected JsonObject StoreFile(byte[] bytes, string root, string fileName, string? originalName = null)
    {
        var path = $"/tmp/gradio/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}/{fileName}";
        _files.Add(path, bytes);

        return new JsonObject
        {
            ["path"] = path,
            ["url"] = $"{root}{ApiPrefix}/file={path}",
            ["size"] = null,
            ["orig_name"] = originalName ?? fileName,
            ["mime_type"] = null,
            ["is_stream"] = false,
            ["meta"] = new JsonObject { ["_type"] = "gradio.FileData" },
        };
    }

    private static string NewEventId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string RootOf(HttpRequest request)
    {
        var forwardedHost = request.Headers["X-Forwarded-Host"].ToString().Split(',')[0].Trim();
        if (forwardedHost.Length > 0)
        {
            var https = request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim().Equals("https", StringComparison.OrdinalIgnoreCase);
            return $"{(https ? "https" : "http")}://{forwardedHost}";
        }

        return $"{request.Scheme}://{request.Host}";
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static Task Detail(HttpContext context, int status, string detail) => Json(context, status, new JsonObject { ["detail"] = detail });

    private static Task InternalServerError(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Internal Server Error", context.RequestAborted);
    }

    // Starlette's StreamingResponse sends its headers before the first event: so do we.
    private static Task StartEventStreamAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.FlushAsync(context.RequestAborted);
    }

    // Gradio re-raises after the error event: the body ends without a clean terminator. The pause lets the client
    // read the event before the connection is cut, as it does through a real server's buffers.
    private static async Task AbortAfterFlushAsync(HttpContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None).ConfigureAwait(false);
        context.Abort();
    }

    private static async Task WriteAsync(HttpContext context, byte[] frame)
    {
        await context.Response.Body.WriteAsync(frame, context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var get = HttpMethods.IsGet(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        if (get && path is "/config" or "/config/")
        {
            return Json(context, 200, Config(RootOf(request)));
        }

        if (ApiPrefix.Length > 0)
        {
            if (!path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal))
            {
                return Detail(context, 404, "Not Found");
            }

            path = path[ApiPrefix.Length..];
        }

        if (path.StartsWith("/file=", StringComparison.Ordinal) && (get || HttpMethods.IsHead(request.Method)))
        {
            return FileAsync(context, path["/file=".Length..]);
        }

        var segments = path.Trim('/').Split('/');
        return (request.Method, segments) switch
        {
            ("GET", ["info"]) => Json(context, 200, Info()),
            ("POST", ["call", var api]) => CallSubmitAsync(context, api),
            ("GET", ["call", var api, var eventId]) => CountedAsync(CallStreamAsync(context, api, eventId)),
            ("POST", ["queue", "join"]) => JoinAsync(context),
            ("GET", ["queue", "data"]) => CountedAsync(QueueDataAsync(context)),
            ("POST", ["cancel"]) => CancelAsync(context),
            ("POST", ["reset"]) => Json(context, 200, new JsonObject { ["success"] = true }),
            ("GET", ["app_id"]) => Json(context, 200, new JsonObject { ["app_id"] = 1_234_567 }),
            ("GET", ["queue", "status"]) => Json(context, 200, new JsonObject { ["msg"] = "estimation", ["event_id"] = null, ["rank"] = null, ["queue_size"] = 0, ["rank_eta"] = null }),
            ("GET", ["heartbeat", _]) => HeartbeatRouteAsync(context),
            _ => post || get ? Detail(context, 404, "Not Found") : Detail(context, 405, "Method Not Allowed"),
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

    private JsonObject Config(string root)
    {
        var config = new JsonObject
        {
            ["version"] = Layout == GradioLayout.Gradio5 ? "5.49.1" : "4.44.1",
        };
        if (Layout == GradioLayout.Gradio5)
        {
            config["api_prefix"] = "/gradio_api";
        }

        config["mode"] = "blocks";
        config["app_id"] = 1_234_567;
        config["dev_mode"] = false;
        config["analytics_enabled"] = false;
        config["protocol"] = "sse_v3";
        config["root"] = root;
        config["enable_queue"] = true;
        config["space_id"] = null;
        config["connect_heartbeat"] = false;
        config["show_error"] = false;
        config["show_api"] = true;
        config["is_colab"] = false;
        config["title"] = Title;
        config["components"] = new JsonArray([.. Components.Select(ComponentJson)]);
        config["dependencies"] = new JsonArray([.. Functions.Select(FunctionJson)]);
        return config;
    }

    private static JsonObject ComponentJson(SpaceComponent component)
    {
        var props = new JsonObject { ["label"] = component.Label };
        if (component.Value is not null)
        {
            props["value"] = component.Value.DeepClone();
        }

        if (component.Minimum is { } min)
        {
            props["minimum"] = min;
        }

        if (component.Maximum is { } max)
        {
            props["maximum"] = max;
        }

        if (component.Step is { } step)
        {
            props["step"] = step;
        }

        return new JsonObject
        {
            ["id"] = component.Id,
            ["type"] = component.Type,
            ["props"] = props,
            ["skip_api"] = component.Type is "button" or "markdown",
            ["component_class_id"] = component.Type,
            ["key"] = null,
        };
    }

    private static JsonObject FunctionJson(SpaceFunction function) => new()
    {
        ["id"] = function.Id,
        ["targets"] = new JsonArray([.. function.Targets.Select(t => new JsonArray(t.Component, t.Event))]),
        ["inputs"] = new JsonArray([.. function.Inputs.Select(i => (JsonNode)i.Id)]),
        ["outputs"] = new JsonArray([.. function.Outputs.Select(o => (JsonNode)o.Id)]),
        ["backend_fn"] = true,
        ["js"] = null,
        ["queue"] = true,
        ["api_name"] = function.ApiName.Length == 0 ? false : function.ApiName,
        ["scroll_to_output"] = false,
        ["show_progress"] = "full",
        ["batch"] = false,
        ["max_batch_size"] = 4,
        ["cancels"] = new JsonArray(),
        ["types"] = new JsonObject { ["generator"] = function.IsGenerator, ["cancel"] = false },
        ["collects_event_data"] = false,
        ["trigger_after"] = null,
        ["trigger_only_on_success"] = false,
        ["trigger_mode"] = "once",
        ["show_api"] = function.ApiName.Length > 0,
        ["connection"] = "sse",
    };

    private JsonObject Info()
    {
        var named = new JsonObject();
        foreach (var function in Functions.Where(f => f.ApiName.Length > 0))
        {
            named["/" + function.ApiName] = new JsonObject
            {
                ["parameters"] = new JsonArray([.. function.Inputs.Select(ParameterJson)]),
                ["returns"] = new JsonArray([.. function.Outputs.Select(o => new JsonObject
                {
                    ["label"] = o.Label,
                    ["type"] = new JsonObject { ["type"] = o.Type == "image" ? "object" : "number" },
                    ["python_type"] = new JsonObject { ["type"] = o.Type == "image" ? "filepath" : "float", ["description"] = string.Empty },
                    ["component"] = Capitalize(o.Type),
                })]),
                ["show_api"] = true,
                ["description"] = string.Empty,
            };
        }

        return new JsonObject { ["named_endpoints"] = named, ["unnamed_endpoints"] = new JsonObject() };
    }

    private static JsonObject ParameterJson(SpaceComponent input)
    {
        var (type, pythonType, description) = input.Type switch
        {
            "slider" => ("number", "float", string.Create(CultureInfo.InvariantCulture, $"numeric value between {input.Minimum} and {input.Maximum}")),
            "checkbox" => ("boolean", "bool", string.Empty),
            _ => ("string", "str", string.Empty),
        };
        return new JsonObject
        {
            ["label"] = input.Label,
            ["parameter_name"] = input.ParameterName ?? input.Label.ToLowerInvariant(),
            ["parameter_has_default"] = input.Value is not null,
            ["parameter_default"] = input.Value?.DeepClone(),
            ["type"] = new JsonObject { ["type"] = type },
            ["python_type"] = new JsonObject { ["type"] = pythonType, ["description"] = description },
            ["component"] = Capitalize(input.Type),
            ["example_input"] = input.Value?.DeepClone() ?? "Hello!!",
        };
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private async Task FileAsync(HttpContext context, string path)
    {
        if (!_files.TryGetValue(path, out var bytes))
        {
            await Detail(context, 403, $"File not allowed: {path}.").ConfigureAwait(false);
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

    private static async Task<(JsonObject? Body, bool Handled)> ReadBodyAsync(HttpContext context)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            await Json(context, 422, new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["type"] = "json_invalid", ["loc"] = new JsonArray("body"), ["msg"] = "JSON decode error" }) }).ConfigureAwait(false);
            return (null, true);
        }

        if (node is not JsonObject body || body["data"] is not JsonArray)
        {
            await Json(context, 422, new JsonObject
            {
                ["detail"] = new JsonArray(new JsonObject { ["type"] = "missing", ["loc"] = new JsonArray("body", "data"), ["msg"] = "Field required", ["input"] = node?.DeepClone() }),
            }).ConfigureAwait(false);
            return (null, true);
        }

        return (body, false);
    }

    private SpaceFault? TakeFault(JsonArray inputs)
    {
        if (PromptFaults && inputs.Count > 0 && inputs[0] is JsonValue value && value.TryGetValue<string>(out var prompt)
            && prompt.StartsWith("fault:", StringComparison.Ordinal)
            && Enum.TryParse<SpaceFault>(prompt["fault:".Length..].Split(' ')[0], ignoreCase: true, out var requested))
        {
            return requested;
        }

        return _faults.TryDequeue(out var fault) ? fault : null;
    }

    private static SpaceRun NewRun(HttpContext context, SpaceFunction function, JsonArray inputs, SpaceFault? fault) =>
        new(function, (JsonArray)inputs.DeepClone(), RootOf(context.Request), context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), fault);

    /// <summary>Gradio 5 validates slider ranges before running; 4.x does not.</summary>
    private string? Validate(SpaceRun run)
    {
        if (Layout != GradioLayout.Gradio5)
        {
            return null;
        }

        for (var i = 0; i < run.Function.Inputs.Count && i < run.Inputs.Count; i++)
        {
            var input = run.Function.Inputs[i];
            if (!input.IsSlider || run.Inputs[i] is not JsonValue value || !value.TryGetValue<double>(out var number))
            {
                continue;
            }

            if (number > input.Maximum)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Value {number} is greater than maximum value {input.Maximum}.");
            }

            if (number < input.Minimum)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Value {number} is less than minimum value {input.Minimum}.");
            }
        }

        return null;
    }

    // ---- /call API -------------------------------------------------------------------------------------------

    private async Task CallSubmitAsync(HttpContext context, string apiName)
    {
        var (body, handled) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (handled)
        {
            return;
        }

        var function = Functions.FirstOrDefault(f => f.ApiName == apiName);
        if (function is null)
        {
            await InternalServerError(context).ConfigureAwait(false);
            return;
        }

        var fault = TakeFault(body!["data"]!.AsArray());
        var eventId = NewEventId();
        if (fault != SpaceFault.UnknownEventId)
        {
            var job = new CallJob(fault);
            var key = body!["session_hash"]?.GetValue<string>() ?? eventId; // 4.x/5.x quirk: a session_hash makes the result unreachable.
            _callJobs.Add(key, job);

            var run = NewRun(context, function, body["data"]!.AsArray(), fault);
            _ = Task.Run(() => RunCallJobAsync(job, run));
        }

        await Json(context, 200, new JsonObject { ["event_id"] = eventId }).ConfigureAwait(false);
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
        await StartEventStreamAsync(context).ConfigureAwait(false);
        var aborted = context.RequestAborted;
        if (!_callJobs.TryGetValue(eventId, out var job))
        {
            var message = Layout == GradioLayout.Gradio5 ? "404: Not Found" : "404: Session not found.";
            await WriteAsync(context, Encoding.UTF8.GetBytes($"event: error\ndata: {PythonJson.Dumps(message)}\n\n")).ConfigureAwait(false);
            await AbortAfterFlushAsync(context).ConfigureAwait(false);
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
                    await WriteAsync(context, "event: heartbeat\ndata: null\n\n"u8.ToArray()).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    return; // Ended without a terminal event (the EndsEarly fault).
                }

                while (reader.TryRead(out var item))
                {
                    await WriteAsync(context, Encoding.UTF8.GetBytes($"event: {item.Event}\ndata: {item.Data}\n\n")).ConfigureAwait(false);
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

    private async Task HeartbeatsUntilAbortedAsync(HttpContext context, byte[] heartbeat)
    {
        try
        {
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await Task.Delay(HeartbeatInterval, context.RequestAborted).ConfigureAwait(false);
                await WriteAsync(context, heartbeat).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }

    private async Task HeartbeatRouteAsync(HttpContext context)
    {
        await StartEventStreamAsync(context).ConfigureAwait(false);
        await HeartbeatsUntilAbortedAsync(context, "data: ALIVE\n\n"u8.ToArray()).ConfigureAwait(false);
    }

    // ---- queue protocol --------------------------------------------------------------------------------------

    private async Task JoinAsync(HttpContext context)
    {
        var (body, handled) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (handled)
        {
            return;
        }

        if (body!["fn_index"] is not JsonValue fnValue || !fnValue.TryGetValue<int>(out var fnIndex))
        {
            await Detail(context, 400, "No function index provided.").ConfigureAwait(false);
            return;
        }

        if (body["session_hash"] is not JsonValue sessionValue || !sessionValue.TryGetValue<string>(out var sessionHash))
        {
            await Detail(context, 400, "Session hash not found.").ConfigureAwait(false);
            return;
        }

        if (body["trigger_id"] is JsonValue trigger && trigger.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.Null))
        {
            await Json(context, 422, new JsonObject { ["detail"] = new JsonArray(new JsonObject { ["type"] = "int_type", ["loc"] = new JsonArray("body", "trigger_id"), ["msg"] = "Input should be a valid integer" }) }).ConfigureAwait(false);
            return;
        }

        var function = Functions.FirstOrDefault(f => f.Id == fnIndex);
        if (function is null)
        {
            await InternalServerError(context).ConfigureAwait(false);
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

        var run = NewRun(context, function, body["data"]!.AsArray(), TakeFault(body["data"]!.AsArray()));
        session.Messages.Writer.TryWrite(QueueMessageWriter.Estimation(eventId, QueueAhead, QueueAhead + 1, QueueAhead > 0 ? QueueAhead * 10.0 : null));
        _ = Task.Run(() => RunQueueJobAsync(session, job, run));
        await Json(context, 200, new JsonObject { ["event_id"] = eventId }).ConfigureAwait(false);
    }

    private async Task RunQueueJobAsync(QueueSession session, QueueJob job, SpaceRun run)
    {
        var writer = session.Messages.Writer;
        var gradio4 = Layout == GradioLayout.Gradio4;
        var ended = false;
        try
        {
            var token = job.Cancellation.Token;
            if (run.Fault == SpaceFault.ForeignEvents)
            {
                var foreign = NewEventId();
                writer.TryWrite(QueueMessageWriter.Estimation(foreign, 3, 4, 30.0));
                writer.TryWrite(QueueMessageWriter.Failed(foreign, "Someone else's job failed.", "Error", gradio4));
            }

            for (var rank = QueueAhead - 1; rank >= 0; rank--)
            {
                await Task.Delay(StepDelay, token).ConfigureAwait(false);
                writer.TryWrite(QueueMessageWriter.Estimation(job.EventId, rank, rank + 1, rank > 0 ? rank * 10.0 : null));
            }

            writer.TryWrite(QueueMessageWriter.ProcessStarts(job.EventId, Eta));
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
                    writer.TryWrite(QueueMessageWriter.Failed(job.EventId, null, "Error", gradio4));
                    return;
                case SpaceFault.UnexpectedError:
                    writer.TryWrite(QueueMessageWriter.UnexpectedError(null, "Server stopped unexpectedly.", sessionNotFound: false));
                    writer.TryWrite(EndOfStream);
                    ended = true;
                    return;
            }

            if (Validate(run) is { } invalid)
            {
                writer.TryWrite(QueueMessageWriter.Failed(job.EventId, invalid, "Error", gradio4));
                return;
            }

            JsonNode?[]? previous = null;
            var yields = 0;
            await foreach (var step in RunAsync(run, token).ConfigureAwait(false))
            {
                switch (step)
                {
                    case SpaceStep.Progress progress:
                        writer.TryWrite(QueueMessageWriter.Progress(job.EventId, progress.Index, progress.Length));
                        break;
                    case SpaceStep.Log log:
                        writer.TryWrite(QueueMessageWriter.Log(job.EventId, log.Text, log.Level, log.Title, withTitle: !gradio4));
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
                        writer.TryWrite(QueueMessageWriter.Generating(job.EventId, data, withTimeLimit: !gradio4));
                        break;
                    case SpaceStep.Return returned:
                        writer.TryWrite(QueueMessageWriter.Completed(job.EventId, new JsonArray([.. returned.Outputs.Select(o => o?.DeepClone())]), withTitle: !gradio4));
                        return;
                    case SpaceStep.Fail failed:
                        writer.TryWrite(QueueMessageWriter.Failed(job.EventId, failed.Error, failed.Title, gradio4));
                        return;
                }
            }
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            writer.TryWrite(QueueMessageWriter.Cancelled(job.EventId, withTitle: !gradio4));
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
        await StartEventStreamAsync(context).ConfigureAwait(false);
        var sessionHash = context.Request.Query["session_hash"].ToString();
        if (!_sessions.TryGetValue(sessionHash, out var session))
        {
            var notFound = Layout == GradioLayout.Gradio5
                ? QueueMessageWriter.UnexpectedError(null, "404: Not Found", sessionNotFound: true)
                : QueueMessageWriter.UnexpectedError(null, "404: Session not found.", sessionNotFound: false);
            await WriteAsync(context, notFound).ConfigureAwait(false);
            await AbortAfterFlushAsync(context).ConfigureAwait(false);
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
                        await WriteAsync(context, QueueMessageWriter.Heartbeat()).ConfigureAwait(false);
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

                    await WriteAsync(context, frame).ConfigureAwait(false);
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

        await Json(context, 200, new JsonObject { ["success"] = true }).ConfigureAwait(false);
    }

    private sealed class CallJob(SpaceFault? fault)
    {
        public Channel<(string Event, string Data)> Events { get; } = Channel.CreateUnbounded<(string, string)>();

        public SpaceFault? Fault => fault;

        public int Consumed;
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

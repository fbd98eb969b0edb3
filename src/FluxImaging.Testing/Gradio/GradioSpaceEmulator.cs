using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// A faithful loopback emulator of a Gradio app (a Hugging Face Space) in the 4.x, 5.x or 6.x layout: <c>/config</c>,
/// <c>/info</c>, the <c>/call</c> API (and <c>/call/v2</c> on 6.x), the queue protocol (<c>sse_v3</c>: join, data stream
/// with diffs, heartbeats, <c>close_stream</c>, cancel), <c>/upload</c> and <c>/file=</c> downloads — plus scripted
/// <see cref="SpaceFault"/>s and the ZeroGPU failures of <see cref="ZeroGpuFault"/>.
/// </summary>
/// <remarks>
/// One concern per file: this one holds the Space's state and knobs; <c>.Routing</c> maps URLs to handlers,
/// <c>.CallApi</c> and <c>.QueueApi</c> speak the two protocols, <see cref="SpaceConfigDocument"/> and
/// <see cref="SpaceInfoDocument"/> describe the app, <see cref="SpaceFileStore"/> keeps its files.
/// </remarks>
public abstract partial class GradioSpaceEmulator : IAsyncDisposable
{
    private readonly SpaceFileStore _files = new();
    private readonly ConcurrentQueue<SpaceFault> _faults = new();
    private readonly ConcurrentQueue<ZeroGpuFault> _zeroGpuFaults = new();
    private readonly ConcurrentQueue<SpaceStep.Log> _logs = new();
    private readonly CancellationTokenSource _stopping = new();
    private EmulatorHost? _host;
    private int _cancelledJobs;
    private int _openStreams;

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
    /// the fault: deterministic under concurrency, unlike <see cref="FailNext(SpaceFault, int)"/>. Default false.
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
    public string ApiPrefix => Layout >= GradioLayout.Gradio5 ? "/gradio_api" : string.Empty;

    /// <summary>The Space's id on Hugging Face (<c>owner/name</c>), or null for an app that is not a Space.</summary>
    public string? SpaceId { get; set; }

    /// <summary>
    /// Whether <c>/config</c> announces <see cref="SpaceId"/> as <c>space_id</c> (as a real Space does). Default false:
    /// given a token, <c>@gradio/client</c> then asks huggingface.co for a JWT.
    /// </summary>
    public bool AnnounceSpaceId { get; set; }

    /// <summary>Hugging Face tokens (<c>hf_…</c>) whose owners are PRO users, for the wording of ZeroGPU quota texts.</summary>
    public ICollection<string> ProTokens { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// A URL every result FileData carries instead of the Space's own <c>/file=</c> URL (the file stays downloadable by
    /// path), e.g. <see cref="HostileText.FileUrl"/> or <see cref="HostileText.JavaScriptUrl"/>. Default null.
    /// </summary>
    public string? FileUrlOverride { get; set; }

    /// <summary>When true, result FileData carry their bytes as a <c>data:image/png;base64,…</c> URL. Default false.</summary>
    public bool FileUrlsAsDataUris { get; set; }

    /// <summary>Every file uploaded through <c>POST {prefix}/upload</c>, oldest first.</summary>
    public IReadOnlyList<SpaceUpload> Uploads => _files.Uploads;

    /// <summary>The number of <c>/cancel</c> requests that found a running job.</summary>
    public int CancelledJobs => _cancelledJobs;

    /// <summary>The number of event streams (<c>/call</c> results and <c>/queue/data</c>) currently open.</summary>
    public int OpenStreams => _openStreams;

    private protected abstract string Title { get; }

    private protected abstract IReadOnlyList<SpaceComponent> Components { get; }

    private protected abstract IReadOnlyList<SpaceFunction> Functions { get; }

    private protected virtual double? Eta => null;

    /// <summary>The text and title of <see cref="SpaceFault.QuotaExceeded"/>.</summary>
    private protected virtual (string Text, string Title) QuotaFailure => (ZeroGpuFault.LegacyQuota().MessageFor(ZeroGpuIdentity.Anonymous), "Error");

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

    /// <summary>
    /// Makes the next <paramref name="times"/> submissions (queue joins or <c>/call</c> POSTs) show a ZeroGPU failure or
    /// warning, so that a client's retry after them succeeds.
    /// </summary>
    /// <param name="fault">The failure, e.g. <see cref="ZeroGpuFault.Quota"/>.</param>
    /// <param name="times">How many submissions it applies to.</param>
    public void FailNext(ZeroGpuFault fault, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        for (var i = 0; i < times; i++)
        {
            _zeroGpuFaults.Enqueue(fault);
        }
    }

    /// <summary>
    /// Makes the next <paramref name="times"/> submissions fail with a <c>gr.Error</c> of this text and title, delivered
    /// as the layout does (queue: text and title; <c>/call</c>: null before 6.x) — e.g. <see cref="HostileText.ControlCharacters"/>.
    /// </summary>
    /// <param name="error">The error text, sent as it is.</param>
    /// <param name="title">The title; null for none.</param>
    /// <param name="times">How many submissions it applies to.</param>
    public void FailNext(string error, string? title = "Error", int times = 1)
    {
        ArgumentNullException.ThrowIfNull(error);
        FailNext(ZeroGpuFault.Custom(title, error), times);
    }

    /// <summary>Makes the next <paramref name="times"/> queue jobs send this log message after <c>process_starts</c> (<c>/call</c> drops logs).</summary>
    /// <param name="text">The message, sent as it is.</param>
    /// <param name="level"><c>info</c>, <c>warning</c>, <c>success</c> or (6.x) <c>error</c>.</param>
    /// <param name="title">The title (5.x and later).</param>
    /// <param name="times">How many jobs it applies to.</param>
    public void LogNext(string text, string level = "info", string title = "Info", int times = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < times; i++)
        {
            _logs.Enqueue(new SpaceStep.Log(text, level, title));
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
        var file = _files.Store(bytes, root, ApiPrefix, fileName, originalName);
        if (FileUrlsAsDataUris)
        {
            file["url"] = HostileText.DataUrl(bytes);
        }

        if (FileUrlOverride is { } url)
        {
            file["url"] = url;
        }

        return file;
    }

    private SpaceStep.Log? TakeLog() => _logs.TryDequeue(out var log) ? log : null;

    private static string NewEventId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

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

    private ZeroGpuFault? TakeZeroGpuFault() => _zeroGpuFaults.TryDequeue(out var fault) ? fault : null;

    /// <summary>Whether the submission is refused with ZeroGPU's queue-full 503; any other ZeroGPU fault is returned for the run.</summary>
    private async Task<(bool Refused, ZeroGpuFault? Fault)> AdmitAsync(HttpContext context)
    {
        var fault = TakeZeroGpuFault();
        if (fault?.Kind == ZeroGpuFault.FaultKind.QueueFull)
        {
            await SpaceHttp.Detail(context, 503, fault.MessageFor(ZeroGpuIdentity.Anonymous)).ConfigureAwait(false);
            return (true, null);
        }

        return (false, fault);
    }

    private SpaceRun NewRun(HttpContext context, SpaceFunction function, JsonArray inputs, SpaceFault? fault, ZeroGpuFault? zeroGpu)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new(function, WithStateSlots(function, inputs), SpaceHttp.RootOf(context.Request), headers, fault)
        {
            ZeroGpu = zeroGpu,
            Caller = ZeroGpuCaller.From(headers, ProTokens),
        };
    }

    // /call and clients that follow /info send no value for gr.State inputs; the function still gets one slot each.
    private static JsonArray WithStateSlots(SpaceFunction function, JsonArray inputs)
    {
        var copy = (JsonArray)inputs.DeepClone();
        if (copy.Count == function.Inputs.Count || copy.Count != function.ApiInputs.Count)
        {
            return copy;
        }

        var full = new JsonArray();
        var next = 0;
        foreach (var input in function.Inputs)
        {
            full.Add(input.SkipApi ? null : copy[next++]?.DeepClone());
        }

        return full;
    }

    /// <summary>Gradio 5 and later validate slider ranges before running; 4.x does not.</summary>
    private string? Validate(SpaceRun run) => Layout >= GradioLayout.Gradio5 ? SliderValidation.FirstError(run) : null;

    /// <summary>Finds the bytes of a FileData input (an uploaded file or one this Space produced).</summary>
    private protected bool TryReadFile(JsonNode? fileData, out byte[] bytes) => _files.TryResolve(fileData, out bytes);
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using FluxImaging.Gradio.Hub;
using FluxImaging.Gradio.Spaces;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio;

/// <summary>
/// Any Gradio Space as an image provider: it discovers the Space's image endpoint and its parameters, maps the request
/// onto them by name, uploads input images, and turns the job's updates into events — queue position, step progress,
/// the Space's log lines (ZeroGPU's included), generator outputs as previews, and every image of the result.
/// </summary>
/// <typeparam name="TOptions">The options type (<see cref="GradioSpaceOptions"/>, or a preset's own).</typeparam>
internal sealed partial class GradioSpaceProvider<TOptions> : IImageProvider, IDisposable
    where TOptions : GradioSpaceOptions
{
    private static readonly string[] Protocols = ["sse_v3", "sse_v2", "sse_v2.1"];

    private readonly ImageProviderContext<TOptions> _context;
    private readonly TOptions _options;
    private readonly SpaceRuntime _runtime;
    private readonly ZeroGpuTokenSource _zeroGpu;
    private readonly GradioClient _client;
    private readonly Lock _gate = new();
    private (GradioEndpoint Endpoint, SpaceInputMapper Mapper)? _mapper;
    private ImageProviderModels _models;

    public GradioSpaceProvider(ImageProviderContext<TOptions> context)
    {
        _context = context;
        _options = context.Options;
        _runtime = new SpaceRuntime(context.Http, _options, context.Logger);
        _zeroGpu = new ZeroGpuTokenSource(context.Http, _options, context.Logger);
        // A Space known by id alone: the client asks the Hugging Face API where it runs on its first call.
        _client = new GradioClient(context.Http, _options, context.Logger);
        // Until the Space's API is read, input images and a mask may be taken; the Space's answer decides.
        _models = ModelsFor(_options, context.Name, _options.ImageInput ?? ImageInputSupport.Optional, 1, _options.AcceptsMask ?? true);
    }

    public string Name => _context.Name;

    public string Label => _options.Label ?? _options.Space ?? Name;

    public ImageProviderModels Models => _models;

    public void Dispose() => _zeroGpu.Dispose();

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
    }

    /// <summary>The models a Space serves: the configured ids (the first the default, the others aliases), else one derived from its id.</summary>
    internal static ImageProviderModels ModelsFor(GradioSpaceOptions options, string name, ImageInputSupport images, int maxImages, bool acceptsMask)
    {
        var ids = options.Models.Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        var main = ids.Count > 0 ? ids[0] : options.Space is { } space ? SpaceHost.Subdomain(space) : name.ToLowerInvariant();
        return new ImageProviderModels(main, aliases: ids.Skip(1).Select(a => new ModelAlias(a, options.Priority)))
        {
            ImageInput = images,
            MaxInputImages = maxImages,
            AcceptsMask = acceptsMask && images != ImageInputSupport.None,
        };
    }

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Resolve(request.Model);
        await foreach (var status in _runtime.EnsureRunningAsync(WakeAsync, cancellationToken).ConfigureAwait(false))
        {
            yield return new Reasoning(Name, model, status) { Label = "starting" };
        }

        var app = await Guarded(_client.GetAppAsync(cancellationToken)).ConfigureAwait(false);
        if (app.Protocol is { } protocol && !Protocols.Contains(protocol, StringComparer.OrdinalIgnoreCase))
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.UpstreamError,
                $"The Space speaks the '{UpstreamText.Echo(protocol)}' protocol; FluxImaging speaks sse_v2 and sse_v3 (Gradio 4 and later).",
                Name);
        }

        var (endpoint, mapper) = await MapperAsync(app, cancellationToken).ConfigureAwait(false);
        if (request.InputImages.Count > 0 && mapper.ImageParameter is null)
        {
            throw new FluxImagingException(FluxImagingErrorKind.InvalidRequest, $"The Space's /{endpoint.ApiName} takes no input image.", Name);
        }

        if (request.Mask is not null && (mapper.MaskParameter is null || _options.AcceptsMask == false))
        {
            throw new FluxImagingException(FluxImagingErrorKind.InvalidRequest, $"The Space's /{endpoint.ApiName} takes no mask.", Name);
        }

        // One upload for the images and the mask: the mask, when there is one, is the last file.
        var uploads = request.InputImages.Take(mapper.MaxImages).Append(request.Mask).OfType<ImageInput>().Select(i => new GradioUpload(i.Data, i.FileName, i.MediaType)).ToList();
        var uploaded = uploads.Count == 0 ? [] : await _client.UploadAsync(uploads, cancellationToken).ConfigureAwait(false);
        var mask = request.Mask is null ? null : uploaded[^1];
        var files = request.Mask is null ? uploaded : uploaded.Take(uploaded.Count - 1).ToList();

        // n images: one call when the Space takes a count, else one call per image with consecutive seeds.
        var calls = mapper.HasCount ? 1 : request.Count;
        var firstSeed = request.Seed ?? (calls > 1 && mapper.HasSeed ? RandomNumberGenerator.GetInt32(int.MaxValue / 2) : null);
        var headers = UsesZeroGpu() ? await _zeroGpu.HeadersAsync(cancellationToken).ConfigureAwait(false) : NoHeaders;
        var images = new List<GeneratedImage>();
        long? seed = null;
        for (var call = 0; call < calls; call++)
        {
            var data = mapper.Map(request, files, mask, firstSeed + call, request.Count, Name);
            var submission = new GradioSubmission(endpoint.ApiName, data)
            {
                Protocol = _options.Protocol,
                Headers = headers,
                Fallback = endpoint.Function ?? FallbackFunction(endpoint.ApiName),
            };

            var job = new JobProgress(this, model, endpoint, call, calls);
            var updates = _client.SubmitAsync(submission, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (updates.ConfigureAwait(false))
            {
                FluxImagingException? later = null;
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await Guarded(updates.MoveNextAsync()).ConfigureAwait(false);
                    }
                    catch (FluxImagingException ex) when (images.Count > 0)
                    {
                        // Images already made are kept: the rest of the request failed, not those.
                        later = ex;
                        break;
                    }

                    if (!more)
                    {
                        break;
                    }

                    if (job.Event(_client, updates.Current) is { } imageEvent)
                    {
                        yield return imageEvent;
                    }
                }

                if (later is not null)
                {
                    LogPartial(_context.Logger, Name, images.Count, request.Count, later.Message);
                    yield return new Reasoning(Name, model, $"Only {images.Count} of {request.Count} images: {later.Message}") { Label = "partial", Level = "warning" };
                    break;
                }
            }

            if (job.Final is not { Count: > 0 } final)
            {
                throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, $"The Space's /{endpoint.ApiName} completed without an image in its outputs.", Name);
            }

            images.AddRange(final);
            seed ??= job.Seed ?? firstSeed;
        }

        yield return new ImageResponse(Name, model, images) { AltText = request.Prompt, Seed = seed };
    }

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private bool UsesZeroGpu() => _options.ZeroGpu.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => _options.Space is not null || _client.Endpoint!.Host.EndsWith(".hf.space", StringComparison.OrdinalIgnoreCase),
    };

    private async Task WakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            _client.Invalidate();
            await _client.GetAppAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FluxImagingException or OperationCanceledException)
        {
            // Only the request matters: it asks the proxy to wake the Space.
        }
    }

    // A connection failure may mean the Space went to sleep: read its stage again before the next job.
    private async Task<T> Guarded<T>(Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (FluxImagingException ex) when (ex.InnerException is HttpRequestException)
        {
            _runtime.Forget();
            throw;
        }
    }

    // Called once per update: the state machine is pooled rather than allocated per update.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> Guarded(ValueTask<bool> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (FluxImagingException ex) when (ex.InnerException is HttpRequestException)
        {
            _runtime.Forget();
            throw;
        }
    }

    private async Task<(GradioEndpoint, SpaceInputMapper)> MapperAsync(GradioApp app, CancellationToken cancellationToken)
    {
        var api = await Guarded(_client.GetApiInfoAsync(cancellationToken)).ConfigureAwait(false);
        var endpoint = Choose(api, app);
        lock (_gate)
        {
            if (_mapper is { } known && ReferenceEquals(known.Endpoint, endpoint))
            {
                return known;
            }
        }

        var mapper = new SpaceInputMapper(endpoint, _options, Name);
        lock (_gate)
        {
            _mapper = (endpoint, mapper);
            _models = ModelsFor(_options, Name, _options.ImageInput ?? mapper.ImageSupport, mapper.MaxImages, _options.AcceptsMask ?? mapper.MaskParameter is not null);
        }

        return (endpoint, mapper);
    }

    /// <summary>The configured endpoint, else the only one whose outputs carry images; the fallback signature when nothing was discovered.</summary>
    private GradioEndpoint Choose(GradioApiInfo api, GradioApp app)
    {
        if (_options.ApiName is { } configured)
        {
            return api.Endpoint(configured) ?? FallbackOrThrow(app, $"The Space has no public endpoint named '/{UpstreamText.Echo(configured.TrimStart('/'))}'. Its endpoints: {Names(api)}.");
        }

        var imaging = api.Endpoints.Where(e => e.Returns.Any(r => r.CarriesImages)).ToList();
        return imaging.Count switch
        {
            1 => imaging[0],
            0 => FallbackOrThrow(app, $"The Space has no public endpoint whose outputs include an image. Its endpoints: {Names(api)}."),
            _ => throw new FluxImagingException(
                FluxImagingErrorKind.InvalidRequest,
                $"The Space has several image endpoints ({string.Join(", ", imaging.Select(e => "/" + e.ApiName))}); choose one with FluxImaging:Spaces:{Name}:ApiName.",
                Name),
        };
    }

    // /info without /config (or a Space that hides the function) still needs a fn_index for the queue.
    private GradioFunction? FallbackFunction(string apiName) =>
        _options.Fallback is { } fallback ? new GradioFunction(apiName, fallback.FnIndex, fallback.TriggerId, [], [], IsGenerator: true) : null;

    private GradioEndpoint FallbackOrThrow(GradioApp app, string message)
    {
        if (_options.Fallback is { Parameters.Count: > 0 } fallback && _options.ApiName is { } apiName)
        {
            LogFallback(_context.Logger, Name, app.Discovered ? "it does not name the endpoint" : "its /config could not be read", fallback.FnIndex);
            var function = FallbackFunction(apiName.TrimStart('/'))!;
            return new GradioEndpoint(
                function.ApiName,
                [.. fallback.Parameters.Select(p => new GradioParameter(p, null, "Unknown", HasDefault: false, default, null))],
                [new GradioReturn(null, "Image", "filepath"), new GradioReturn("Seed", "Number", "float")],
                null,
                function);
        }

        throw new FluxImagingException(FluxImagingErrorKind.NotFound, message, Name);
    }

    private static string Names(GradioApiInfo api) =>
        api.Endpoints.Count == 0 ? "none" : string.Join(", ", api.Endpoints.Select(e => "/" + e.ApiName));

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    [LoggerMessage(311, LogLevel.Warning, "{Provider}: the Space's function is not discoverable ({Reason}); using the configured fallback (fn_index {FnIndex}).")]
    private static partial void LogFallback(ILogger logger, string provider, string reason, int fnIndex);

    [LoggerMessage(312, LogLevel.Warning, "{Provider}: only {Made} of {Asked} images were made; the rest failed: {Reason}")]
    private static partial void LogPartial(ILogger logger, string provider, int made, int asked, string reason);

    /// <summary>Turns one job's updates into events, remembering its progress step, its previews and its result.</summary>
    private sealed class JobProgress(GradioSpaceProvider<TOptions> provider, string model, GradioEndpoint endpoint, int call, int calls)
    {
        private int? _step;
        private int _previews;
        private string? _lastPreview;

        public List<GeneratedImage>? Final { get; private set; }

        public long? Seed { get; private set; }

        public ImageEvent? Event(GradioClient client, GradioUpdate update)
        {
            var name = provider.Name;
            switch (update.Kind)
            {
                case GradioUpdateKind.Submitted:
                    return new Reasoning(name, model, calls == 1 ? $"Submitted to {provider.Label}" : $"Submitted image {call + 1} of {calls} to {provider.Label}") { Label = "submitted", RawRepresentation = update };
                case GradioUpdateKind.Queued:
                    var status = update.QueuePosition is { } position && update.QueueSize is { } size ? $"Queued: position {position} of {size}" : "Queued";
                    return new Reasoning(name, model, update.EstimatedTime is { } wait ? $"{status}, ETA {Seconds(wait)}s" : status)
                    {
                        Label = "queued",
                        QueuePosition = update.QueuePosition,
                        QueueSize = update.QueueSize,
                        EstimatedTimeRemaining = update.EstimatedTime,
                        RawRepresentation = update,
                    };
                case GradioUpdateKind.Started:
                    return new Reasoning(name, model, update.EstimatedTime is { } eta ? $"Started, ETA {Seconds(eta)}s" : "Started")
                    {
                        Label = "started",
                        EstimatedTimeRemaining = update.EstimatedTime,
                        RawRepresentation = update,
                    };
                case GradioUpdateKind.Progress:
                    return Progress(name, update);
                case GradioUpdateKind.Log:
                    if (string.Equals(update.Level, "warning", StringComparison.OrdinalIgnoreCase) && (update.Message?.Contains("Falling back to IP-based quotas", StringComparison.OrdinalIgnoreCase) ?? false))
                    {
                        LogTokenRejected(provider._context.Logger, name, update.Message);
                    }

                    return new Reasoning(name, model, update.Message ?? string.Empty) { Label = "log", Title = update.Title, Level = update.Level, RawRepresentation = update };
                case GradioUpdateKind.Generating when update.Outputs is { Count: > 0 } outputs:
                    var previews = SpaceOutputs.Images(client, update.App, outputs, endpoint.Returns);
                    if (previews.Count == 0 || previews[0].Uri?.AbsoluteUri == _lastPreview)
                    {
                        return null;
                    }

                    _lastPreview = previews[0].Uri?.AbsoluteUri;
                    _previews++;
                    return new ImagePreview(name, model, previews) { Step = _step ?? _previews, Seed = SpaceOutputs.Seed(outputs, endpoint.Returns), RawRepresentation = update };
                case GradioUpdateKind.Completed:
                    Final = SpaceOutputs.Images(client, update.App, update.Outputs ?? [], endpoint.Returns);
                    Seed = SpaceOutputs.Seed(update.Outputs ?? [], endpoint.Returns);
                    return null;
                default:
                    return null;
            }
        }

        private Reasoning Progress(string name, GradioUpdate update)
        {
            if (update.Progress is not [var unit, ..])
            {
                return new Reasoning(name, model, "Generating") { Label = "progress", RawRepresentation = update };
            }

            int? index = unit.Index is { } i ? (int)i : null;
            int? length = unit.Length is { } l ? (int)l : null;
            _step = index ?? _step;
            var counter = index is not null && length is not null ? $"{index}/{length}" : index?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
            var description = UpstreamText.Clean(unit.Description);
            return new Reasoning(name, model, description.Length == 0 ? $"Step {counter}".TrimEnd() : $"{description} {counter}".TrimEnd())
            {
                Label = description.Length == 0 ? "progress" : description,
                Step = index,
                TotalSteps = length,
                Fraction = unit.Fraction ?? (index is { } n && length is > 0 ? (double)n / length.Value : null),
                RawRepresentation = update,
            };
        }
    }

    [LoggerMessage(313, LogLevel.Warning, "{Provider}: ZeroGPU rejected the Hugging Face token and fell back to the anonymous per-IP quota: {Message}")]
    private static partial void LogTokenRejected(ILogger logger, string provider, string message);
}

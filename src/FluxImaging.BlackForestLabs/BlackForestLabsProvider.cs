using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxImaging.BlackForestLabs.ZeroGpu;
using FluxImaging.Gradio;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.BlackForestLabs;

/// <summary>
/// FLUX.1-dev on the black-forest-labs ZeroGPU Space through Gradio's queue protocol: inputs
/// <c>[prompt, seed, randomize_seed, width, height, guidance_scale, num_inference_steps]</c>; queue position, start,
/// ZeroGPU log lines and step progress as <see cref="Reasoning"/>, each generator yield as an <see cref="ImagePreview"/>,
/// and one <see cref="ImageResponse"/> with the final image and seed.
/// </summary>
internal sealed partial class BlackForestLabsProvider : IImageProvider, IDisposable
{
    public const string ProviderName = "BlackForestLabs";
    public const string ApiName = "infer";

    // The reference client's fixed values, used only when /config cannot tell us.
    private const int FallbackFnIndex = 2;
    private const int FallbackTriggerId = 4;
    private const int InputCount = 7;
    private const double DefaultGuidance = 3.5;
    private const int DefaultSteps = 28;
    private static readonly ImageSize DefaultSize = new(1024, 1024);

    private readonly ImageProviderContext<BlackForestLabsOptions> _context;
    private readonly GradioClient _gradio;
    private readonly ZeroGpuTokenSource _zeroGpu;

    public BlackForestLabsProvider(ImageProviderContext<BlackForestLabsOptions> context)
    {
        _context = context;
        _gradio = new GradioClient(context.Http, context.Options, context.Logger);
        _zeroGpu = new ZeroGpuTokenSource(context);
    }

    public string Name => _context.Name;

    public string Label => "BlackForestLabs Flux-1-Dev";

    public ImageProviderModels Models { get; } = new("black-forest-labs-flux-1-dev", aliases: ["flux-dev", new ModelAlias("flux", 300)]);

    public void Dispose() => _zeroGpu.Dispose();

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
    }

    /// <summary>
    /// The function to call: <c>infer</c> as <c>/config</c> describes it, or the reference values (fn_index 2,
    /// trigger 4, seven inputs) when <c>/config</c> is unreadable or names no <c>infer</c>.
    /// </summary>
    internal GradioFunction ResolveFunction(GradioApp app)
    {
        if (app.Function(ApiName) is { } discovered)
        {
            if (discovered.ValueInputs.Count != InputCount)
            {
                _gradio.Invalidate();
                throw new FluxImagingException(
                    FluxImagingErrorKind.ProtocolViolation,
                    $"The Space's /{ApiName} now takes {discovered.ValueInputs.Count} inputs, not {InputCount}; its signature changed and this provider will not send a mismatched request.",
                    Name);
            }

            return discovered;
        }

        LogFallbackFunction(_context.Logger, Name, app.Discovered ? "its /config has no 'infer' function" : "its /config could not be read", FallbackFnIndex, FallbackTriggerId);
        return Fallback;
    }

    private static readonly GradioFunction Fallback = new(ApiName, FallbackFnIndex, FallbackTriggerId, [], [], IsGenerator: true);

    /// <summary>
    /// The inputs in the function's order: size from the request or 1:1 (1024×1024),
    /// clamped into the advertised slider ranges; guidance 3.5 and 28 steps by default; an explicit seed turns
    /// randomisation off.
    /// </summary>
    internal static object?[] Inputs(ImageRequest request, GradioFunction function)
    {
        var components = function.ValueInputs;
        GradioComponent? At(int index) => components.Count == InputCount ? components[index] : null;

        if (request.Seed is < 0 or > int.MaxValue)
        {
            throw new FluxImagingException(FluxImagingErrorKind.InvalidRequest, $"FLUX.1-dev seeds range from 0 to {int.MaxValue}; got {request.Seed}.", ProviderName);
        }

        var size = request.ResolveSize(DefaultSize);
        var randomize = request.AdditionalProperties.TryGetValue("randomize_seed", out var value) && value is bool flag ? flag : request.Seed is null;
        object?[] values =
        [
            request.Prompt,
            request.Seed ?? 0L,
            randomize,
            (int)Clamp(size.Width, At(3), 256, 2048),
            (int)Clamp(size.Height, At(4), 256, 2048),
            Clamp(request.GuidanceScale ?? DefaultGuidance, At(5), 1, 15),
            (int)Clamp(request.Steps ?? DefaultSteps, At(6), 1, 50),
        ];

        return values;
    }

    private static double Clamp(double value, GradioComponent? component, double minimum, double maximum) =>
        component?.Clamp(value, minimum, maximum) ?? Math.Clamp(value, minimum, maximum);

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Resolve(request.Model);
        var app = await _gradio.GetAppAsync(cancellationToken).ConfigureAwait(false);
        var function = ResolveFunction(app);
        var submission = new GradioSubmission(ApiName, Inputs(request, function))
        {
            Protocol = GradioProtocol.Queue,
            Headers = await _zeroGpu.HeadersAsync(cancellationToken).ConfigureAwait(false),
            Fallback = Fallback,
        };

        int? step = null;
        var previews = 0;
        string? lastPreview = null;
        await foreach (var update in _gradio.SubmitAsync(submission, cancellationToken).ConfigureAwait(false))
        {
            switch (update.Kind)
            {
                case GradioUpdateKind.Submitted:
                    yield return new Reasoning(Name, model, "Submitted to FLUX.1-dev") { Label = "submitted" };
                    break;
                case GradioUpdateKind.Queued:
                    yield return Queued(model, update);
                    break;
                case GradioUpdateKind.Started:
                    yield return new Reasoning(Name, model, update.EstimatedTime is { } eta ? $"Started, ETA {Seconds(eta)}s" : "Started")
                    {
                        Label = "started",
                        EstimatedTimeRemaining = update.EstimatedTime,
                        RawRepresentation = update,
                    };
                    break;
                case GradioUpdateKind.Progress:
                    var progress = Progress(model, update);
                    step = progress.Step ?? step;
                    yield return progress;
                    break;
                case GradioUpdateKind.Log:
                    yield return new Reasoning(Name, model, update.Message ?? string.Empty)
                    {
                        Label = "log",
                        Title = update.Title,
                        Level = update.Level,
                        RawRepresentation = update,
                    };
                    break;
                case GradioUpdateKind.Generating when update.Outputs is { Count: > 0 } outputs:
                    if (PreviewOf(update.App, outputs) is { } preview && preview.Uri!.AbsoluteUri != lastPreview)
                    {
                        lastPreview = preview.Uri.AbsoluteUri;
                        previews++;
                        yield return new ImagePreview(Name, model, [preview]) { Step = step ?? previews, Seed = SeedOf(outputs), RawRepresentation = update };
                    }

                    break;
                case GradioUpdateKind.Completed:
                    var final = update.Outputs is { Count: > 0 } finalOutputs ? PreviewOf(update.App, finalOutputs) : null;
                    if (final is null)
                    {
                        throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The Space completed without an image file in its first output.", Name);
                    }

                    yield return new ImageResponse(Name, model, [final]) { AltText = request.Prompt, Seed = SeedOf(update.Outputs!), RawRepresentation = update };
                    break;
            }
        }
    }

    private Reasoning Queued(string model, GradioUpdate update)
    {
        var position = update.QueuePosition;
        var status = position is { } p && update.QueueSize is { } size ? $"Queued: position {p} of {size}" : "Queued";
        if (update.EstimatedTime is { } eta)
        {
            status += $", ETA {Seconds(eta)}s";
        }

        return new Reasoning(Name, model, status)
        {
            Label = "queued",
            QueuePosition = position,
            QueueSize = update.QueueSize,
            EstimatedTimeRemaining = update.EstimatedTime,
            RawRepresentation = update,
        };
    }

    private Reasoning Progress(string model, GradioUpdate update)
    {
        if (update.Progress is not [var unit, ..])
        {
            return new Reasoning(Name, model, "Generating") { Label = "progress", RawRepresentation = update };
        }

        int? index = unit.Index is { } i ? (int)i : null;
        int? length = unit.Length is { } l ? (int)l : null;
        var counter = index is not null && length is not null ? $"{index}/{length}" : index?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var description = UpstreamText.Clean(unit.Description);
        var status = description.Length == 0 ? $"Step {counter}".TrimEnd() : $"{description} {counter}".TrimEnd();
        return new Reasoning(Name, model, status)
        {
            Label = description.Length == 0 ? "progress" : description,
            Step = index,
            TotalSteps = length,
            Fraction = unit.Fraction ?? (index is { } n && length is > 0 ? (double)n / length.Value : null),
            RawRepresentation = update,
        };
    }

    private GeneratedImage? PreviewOf(GradioApp app, IReadOnlyList<JsonNode?> outputs) => _gradio.Image(app, outputs[0]);

    private static long? SeedOf(IReadOnlyList<JsonNode?> outputs) =>
        outputs.Count > 1 && outputs[1] is JsonValue seed && seed.TryGetValue<double>(out var value) ? (long)value : null;

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    [LoggerMessage(202, LogLevel.Warning, "{Provider}: {Reason}; using fn_index {FnIndex} and trigger_id {TriggerId}, the reference client's values.")]
    private static partial void LogFallbackFunction(ILogger logger, string provider, string reason, int fnIndex, int triggerId);
}

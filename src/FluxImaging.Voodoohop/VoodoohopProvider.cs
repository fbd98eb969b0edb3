using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxImaging.Gradio;
using FluxImaging.Providers;

namespace FluxImaging.Voodoohop;

/// <summary>
/// FLUX.1-schnell on the voodoohop Space through Gradio's <c>/call/infer</c>: inputs
/// <c>[prompt, seed, randomize_seed, width, height, num_inference_steps]</c>, one final image and the seed used.
/// The <c>/call</c> API carries no progress; the provider reports acceptance and each <c>generating</c> event.
/// </summary>
internal sealed class VoodoohopProvider : IImageProvider
{
    public const string ProviderName = "Voodoohop";
    public const string ApiName = "infer";

    private static readonly ImageSize DefaultSize = new(768, 768);
    private const int DefaultSteps = 2;
    private const int InputCount = 6;

    private readonly ImageProviderContext<VoodoohopOptions> _context;
    private readonly GradioClient _gradio;

    public VoodoohopProvider(ImageProviderContext<VoodoohopOptions> context)
    {
        _context = context;
        _gradio = new GradioClient(context.Http, context.Options, context.Logger);
    }

    public string Name => _context.Name;

    public string Label => "Voodoohop Flux-1-Schnell";

    public ImageProviderModels Models { get; } = new("voodoohop-flux-1-schnell", aliases: [new ModelAlias("flux-schnell", 100), new ModelAlias("flux", 100)]);

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
    }

    /// <summary>
    /// The positional inputs: size from the request (or 768×768) rounded down to a multiple of 8 (at least 32) and
    /// clamped into the Space's advertised slider range; steps default 2; an explicit seed turns randomisation off.
    /// </summary>
    internal static object?[] Inputs(ImageRequest request, GradioApp app)
    {
        var function = app.Function(ApiName);
        var inputs = function?.ValueInputs;
        if (function is not null && inputs!.Count != InputCount)
        {
            throw new FluxImagingException(
                FluxImagingErrorKind.ProtocolViolation,
                $"The Space's /{ApiName} takes {inputs.Count} inputs, not the {InputCount} this provider sends; its signature changed.",
                ProviderName);
        }

        var size = request.ResolveSize(DefaultSize);
        var width = Clamp(RoundDown(size.Width), inputs?[3], 256, 2048);
        var height = Clamp(RoundDown(size.Height), inputs?[4], 256, 2048);
        var steps = Clamp(request.Steps ?? DefaultSteps, inputs?[5], 1, 50);
        var randomize = request.AdditionalProperties.TryGetValue("randomize_seed", out var value) && value is bool flag ? flag : request.Seed is null;
        return [request.Prompt, request.Seed ?? 0, randomize, width, height, steps];
    }

    // The original client's rule, kept for parity: v - v mod 8, at least 32 (sizes are validated positive).
    internal static int RoundDown(int value) => Math.Max(32, value - (value % 8));

    private static int Clamp(int value, GradioComponent? component, int minimum, int maximum) =>
        component is null ? Math.Clamp(value, minimum, maximum) : (int)component.Clamp(value, minimum, maximum);

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Resolve(request.Model);
        var app = await _gradio.GetAppAsync(cancellationToken).ConfigureAwait(false);
        var submission = new GradioSubmission(ApiName, Inputs(request, app)) { Protocol = GradioProtocol.Call };
        string? lastPreview = null;
        await foreach (var update in _gradio.SubmitAsync(submission, cancellationToken).ConfigureAwait(false))
        {
            switch (update.Kind)
            {
                case GradioUpdateKind.Submitted:
                    yield return new Reasoning(Name, model, "Submitted to FLUX.1-schnell") { Label = "submitted" };
                    break;
                case GradioUpdateKind.Generating:
                    yield return new Reasoning(Name, model, "Generating") { Label = "generating", RawRepresentation = update };
                    if (FirstImage(update) is { } preview && preview.Uri?.AbsoluteUri != lastPreview)
                    {
                        lastPreview = preview.Uri?.AbsoluteUri;
                        yield return new ImagePreview(Name, model, [preview]) { RawRepresentation = update, Seed = SeedOf(update.Outputs) };
                    }

                    break;
                case GradioUpdateKind.Completed:
                    var image = FirstImage(update) ?? throw new FluxImagingException(
                        FluxImagingErrorKind.ProtocolViolation,
                        "The Space completed without an image file in its first output.",
                        Name);
                    yield return new ImageResponse(Name, model, [image]) { AltText = request.Prompt, Seed = SeedOf(update.Outputs), RawRepresentation = update };
                    break;
            }
        }
    }

    private GeneratedImage? FirstImage(GradioUpdate update) =>
        update.Outputs is { Count: > 0 } outputs ? _gradio.Image(update.App, outputs[0]) : null;

    private static long? SeedOf(IReadOnlyList<JsonNode?>? outputs) =>
        outputs is { Count: > 1 } && outputs[1] is JsonValue seed && seed.TryGetValue<double>(out var value) ? (long)value : null;
}

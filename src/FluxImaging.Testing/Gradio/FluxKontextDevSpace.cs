using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The black-forest-labs/FLUX.1-Kontext-dev ZeroGPU Space (<c>spaces.md</c> §5.2), Gradio 5.x: upload the image with
/// <c>POST /gradio_api/upload</c>, then <c>infer(input_image, prompt, seed, randomize_seed, guidance_scale, steps)</c>
/// on the queue at fn_index 2 with trigger 7 (the Run button), a generator that yields small previews and returns
/// <c>[Image, seed, {"visible": true, "__type__": "update"}]</c> (the update shows the "Reuse this image" button).
/// The edited image is a deterministic function of the uploaded bytes, the prompt and the seed
/// (<see cref="RenderEdit"/>), at the input's size. Layout reconstructed.
/// </summary>
public sealed class FluxKontextDevSpace : GradioSpaceEmulator
{
    /// <summary>The Space's id on Hugging Face.</summary>
    public const string Id = "black-forest-labs/FLUX.1-Kontext-dev";

    /// <summary>The <c>gr.Error</c> text when no input image is given and <see cref="RequireInputImage"/> is on.</summary>
    public const string MissingImageMessage = "Please upload an image to edit.";

    private const int FallbackSide = 1024;

    private static readonly SpaceComponent Header = new(1, "markdown", "Title");
    private static readonly SpaceComponent InputImage = new(2, "image", "Upload the image for editing", "input_image");
    private static readonly SpaceComponent Result = new(3, "image", "Result");
    private static readonly SpaceComponent Reuse = new(4, "button", "Reuse this image");
    private static readonly SpaceComponent Advanced = new(5, "accordion", "Advanced Settings");
    private static readonly SpaceComponent Prompt = new(6, "textbox", "Prompt", "prompt");
    private static readonly SpaceComponent Run = new(7, "button", "Run");
    private static readonly SpaceComponent Seed = new(8, "slider", "Seed", "seed", Value: 0, Minimum: 0, Maximum: 2147483647, Step: 1);
    private static readonly SpaceComponent Randomize = new(9, "checkbox", "Randomize seed", "randomize_seed", Value: true);
    private static readonly SpaceComponent Guidance = new(10, "slider", "Guidance Scale", "guidance_scale", Value: 2.5, Minimum: 1, Maximum: 10, Step: 0.1);
    private static readonly SpaceComponent Steps = new(11, "slider", "Steps", "steps", Value: 28, Minimum: 1, Maximum: 30, Step: 1);
    private static readonly SpaceComponent Examples = new(12, "dataset", "Examples");

    private FluxKontextDevSpace(GradioLayout layout)
        : base(layout)
    {
        SpaceId = Id;
    }

    /// <summary>A preview is yielded every this many steps. Default 7.</summary>
    public int PreviewEvery { get; set; } = 7;

    /// <summary>The longer side of preview images. Default 64.</summary>
    public int PreviewSize { get; set; } = 64;

    /// <summary>Whether the queue shows ZeroGPU's "Waiting for a GPU" and "Successfully acquired a GPU" logs. Default true.</summary>
    public bool ZeroGpuLogs { get; set; } = true;

    /// <summary>
    /// Whether a missing input image fails with <see cref="MissingImageMessage"/> (default true). The real Space may fall
    /// back to text-to-image; turn this off to get a <see cref="FallbackSide"/>-pixel square from the prompt alone.
    /// </summary>
    public bool RequireInputImage { get; set; } = true;

    private protected override string Title => "FLUX.1 Kontext [dev]";

    private protected override IReadOnlyList<SpaceComponent> Components { get; } = [Header, InputImage, Result, Reuse, Advanced, Prompt, Run, Seed, Randomize, Guidance, Steps, Examples];

    private protected override IReadOnlyList<SpaceFunction> Functions { get; } =
    [
        new(0, string.Empty, [Examples], [InputImage, Prompt], [(Examples.Id, "click")], IsGenerator: false),
        new(1, string.Empty, [Result], [InputImage], [(Reuse.Id, "click")], IsGenerator: false),
        new(2, "infer", [InputImage, Prompt, Seed, Randomize, Guidance, Steps], [Result, Seed, Reuse], [(Run.Id, "click"), (Prompt.Id, "submit")], IsGenerator: true),
    ];

    /// <summary>Starts the Space on a free loopback port.</summary>
    /// <param name="layout">Gradio 5.x (default; the real Space's) or another generation.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running Space.</returns>
    public static async Task<FluxKontextDevSpace> StartAsync(GradioLayout layout = GradioLayout.Gradio5, CancellationToken cancellationToken = default)
    {
        var space = new FluxKontextDevSpace(layout);
        await space.StartHostAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    /// <summary>
    /// The PNG this Space returns for an input image, prompt and seed: same inputs, same bytes; another input image,
    /// another picture; the input's width and height (PNG, JPEG, GIF or WebP headers; else 1024×1024).
    /// </summary>
    /// <param name="inputImage">The uploaded file's bytes.</param>
    /// <param name="prompt">The edit instruction.</param>
    /// <param name="seed">The seed used.</param>
    /// <returns>The PNG file bytes.</returns>
    public static byte[] RenderEdit(ReadOnlySpan<byte> inputImage, string prompt, long seed)
    {
        var (width, height) = SizeOf(inputImage);
        return PngImage.Render(EditKey(inputImage, prompt), seed, width, height);
    }

    private static (int Width, int Height) SizeOf(ReadOnlySpan<byte> image) =>
        ImageDimensions.TryRead(image, out var width, out var height)
            ? (Math.Min(width, PngImage.MaxDimension), Math.Min(height, PngImage.MaxDimension))
            : (FallbackSide, FallbackSide);

    private static string EditKey(ReadOnlySpan<byte> image, string prompt) => $"{prompt}\n{Convert.ToHexStringLower(SHA256.HashData(image))}";

    private protected override async IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inputs = SpaceInputs.Read(run.Inputs);
        var prompt = inputs.Text(1);
        var seed = inputs.Bool(3) ? Random.Shared.NextInt64(0, int.MaxValue) : (long)inputs.Number(2);
        var steps = Math.Max(1, (int)inputs.Number(5));
        byte[] image = [];
        if (run.Inputs.Count == 0 || run.Inputs[0] is null)
        {
            if (RequireInputImage)
            {
                yield return new SpaceStep.Fail(MissingImageMessage);
                yield break;
            }
        }
        else if (!TryReadFile(run.Inputs[0], out image))
        {
            // Gradio refuses a path outside its upload and cache folders; with show_error=False the text is hidden.
            yield return new SpaceStep.Fail(null);
            yield break;
        }

        var key = image.Length > 0 ? EditKey(image, prompt) : prompt;
        var (width, height) = image.Length > 0 ? SizeOf(image) : (FallbackSide, FallbackSide);
        if (ZeroGpuLogs)
        {
            yield return ZeroGpuLog.Waiting;
            yield return ZeroGpuLog.Acquired;
        }

        var reuse = new JsonObject { ["visible"] = true, ["__type__"] = "update" };
        var scale = (double)PreviewSize / Math.Max(width, height);
        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(StepDelay, cancellationToken).ConfigureAwait(false);
            yield return new SpaceStep.Progress(step, steps);
            if (PreviewEvery > 0 && step % PreviewEvery == 0 && step < steps)
            {
                var preview = PngImage.Render(key, seed + step, Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)));
                yield return new SpaceStep.Yield([StoreFile(preview, run.Root, "image.png"), JsonValue.Create(seed), reuse.DeepClone()]);
            }
        }

        var final = PngImage.Render(key, seed, width, height);
        yield return new SpaceStep.Return([StoreFile(final, run.Root, "image.png"), JsonValue.Create(seed), reuse]);
    }
}

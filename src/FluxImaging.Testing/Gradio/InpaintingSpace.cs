using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// An inpainting Space (an invented one, shaped like the FLUX.1 Fill and Stable Diffusion inpainting Spaces): upload
/// the image and its mask, then <c>inpaint(image, mask_image, prompt, seed, randomize_seed, steps)</c> on the queue,
/// returning <c>[Image, seed]</c>. Both images are required. The result is a deterministic function of both uploads'
/// bytes, the prompt and the seed (<see cref="RenderInpaint"/>), at the image's size.
/// </summary>
public sealed class InpaintingSpace : GradioSpaceEmulator
{
    /// <summary>The Space id it answers to (invented).</summary>
    public const string DefaultId = "fluximaging/inpainting";

    /// <summary>The <c>gr.Error</c> text when the image or the mask is missing.</summary>
    public const string MissingInputMessage = "Please upload an image and draw a mask.";

    private static readonly SpaceComponent Image = new(1, "image", "Image", "image");
    private static readonly SpaceComponent Mask = new(2, "image", "Mask (white: repaint)", "mask_image");
    private static readonly SpaceComponent Prompt = new(3, "textbox", "Prompt", "prompt");
    private static readonly SpaceComponent Seed = new(4, "slider", "Seed", "seed", Value: 0, Minimum: 0, Maximum: 2147483647, Step: 1);
    private static readonly SpaceComponent Randomize = new(5, "checkbox", "Randomize seed", "randomize_seed", Value: true);
    private static readonly SpaceComponent Steps = new(6, "slider", "Steps", "steps", Value: 20, Minimum: 1, Maximum: 50, Step: 1);
    private static readonly SpaceComponent Run = new(7, "button", "Inpaint");
    private static readonly SpaceComponent Result = new(8, "image", "Result");

    private InpaintingSpace(GradioLayout layout)
        : base(layout)
    {
        SpaceId = DefaultId;
    }

    private protected override string Title => "Inpainting";

    private protected override IReadOnlyList<SpaceComponent> Components { get; } = [Image, Mask, Prompt, Seed, Randomize, Steps, Run, Result];

    private protected override IReadOnlyList<SpaceFunction> Functions { get; } =
    [
        new(0, "inpaint", [Image, Mask, Prompt, Seed, Randomize, Steps], [Result, Seed], [(Run.Id, "click"), (Prompt.Id, "submit")], IsGenerator: false),
    ];

    /// <summary>Starts the Space on a free loopback port.</summary>
    /// <param name="layout">The Gradio generation; 5.x by default.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running Space.</returns>
    public static async Task<InpaintingSpace> StartAsync(GradioLayout layout = GradioLayout.Gradio5, CancellationToken cancellationToken = default)
    {
        var space = new InpaintingSpace(layout);
        await space.StartHostAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    /// <summary>The PNG this Space returns: same image, mask, prompt and seed, same bytes; at the image's size (else 512×512).</summary>
    /// <param name="image">The uploaded image's bytes.</param>
    /// <param name="mask">The uploaded mask's bytes.</param>
    /// <param name="prompt">What to paint into the masked area.</param>
    /// <param name="seed">The seed used.</param>
    /// <returns>The PNG file bytes.</returns>
    public static byte[] RenderInpaint(ReadOnlySpan<byte> image, ReadOnlySpan<byte> mask, string prompt, long seed)
    {
        var (width, height) = ImageDimensions.TryRead(image, out var w, out var h)
            ? (Math.Min(w, PngImage.MaxDimension), Math.Min(h, PngImage.MaxDimension))
            : (512, 512);
        var key = $"{prompt}\n{Convert.ToHexStringLower(SHA256.HashData(image))}\n{Convert.ToHexStringLower(SHA256.HashData(mask))}";
        return PngImage.Render(key, seed, width, height);
    }

    private protected override async IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inputs = SpaceInputs.Read(run.Inputs);
        if (run.Inputs.Count < 2 || run.Inputs[0] is null || run.Inputs[1] is null)
        {
            yield return new SpaceStep.Fail(MissingInputMessage);
            yield break;
        }

        if (!TryReadFile(run.Inputs[0], out var image) || !TryReadFile(run.Inputs[1], out var mask))
        {
            // Gradio refuses a path outside its upload and cache folders; with show_error=False the text is hidden.
            yield return new SpaceStep.Fail(null);
            yield break;
        }

        var prompt = inputs.Text(2);
        var seed = inputs.Bool(4) ? Random.Shared.NextInt64(0, int.MaxValue) : (long)inputs.Number(3);
        var steps = Math.Max(1, (int)inputs.Number(5));
        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(StepDelay, cancellationToken).ConfigureAwait(false);
            yield return new SpaceStep.Progress(step, steps);
        }

        yield return new SpaceStep.Return([StoreFile(RenderInpaint(image, mask, prompt, seed), run.Root, "image.png"), JsonValue.Create(seed)]);
    }
}

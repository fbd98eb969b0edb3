using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The stabilityai/stable-diffusion-3.5-large ZeroGPU Space (<c>spaces.md</c> §5.1), on Gradio 5.49.1 or 6.25.0:
/// <c>infer(prompt, negative_prompt, seed, randomize_seed, width, height, guidance_scale, num_inference_steps)</c>
/// returning <c>(image, seed)</c> at fn_index 2 after two example dependencies. <c>prompt</c> and the hidden
/// <c>negative_prompt</c> have no initial value, so <c>/info</c> lists both as required. The layout is reconstructed
/// (the Space's <c>app.py</c> was not available): the knobs cover what the real Space may do differently.
/// </summary>
public sealed class StableDiffusion35LargeSpace : GradioSpaceEmulator
{
    /// <summary>The Space's id on Hugging Face.</summary>
    public const string Id = "stabilityai/stable-diffusion-3.5-large";

    private static readonly SpaceComponent Header = new(1, "markdown", "Title");
    private static readonly SpaceComponent Prompt = new(2, "textbox", "Prompt", "prompt");
    private static readonly SpaceComponent Run = new(3, "button", "Run");
    private static readonly SpaceComponent Result = new(4, "image", "Result");
    private static readonly SpaceComponent Negative = new(5, "textbox", "Negative prompt", "negative_prompt");
    private static readonly SpaceComponent Seed = new(6, "slider", "Seed", "seed", Value: 0, Minimum: 0, Maximum: 2147483647, Step: 1);
    private static readonly SpaceComponent Randomize = new(7, "checkbox", "Randomize seed", "randomize_seed", Value: true);
    private static readonly SpaceComponent Width = new(8, "slider", "Width", "width", Value: 1024, Minimum: 512, Maximum: 1440, Step: 32);
    private static readonly SpaceComponent Height = new(9, "slider", "Height", "height", Value: 1024, Minimum: 512, Maximum: 1440, Step: 32);
    private static readonly SpaceComponent Guidance = new(10, "slider", "Guidance scale", "guidance_scale", Value: 4.5, Minimum: 0, Maximum: 7.5, Step: 0.1);
    private static readonly SpaceComponent Steps = new(11, "slider", "Number of inference steps", "num_inference_steps", Value: 40, Minimum: 1, Maximum: 50, Step: 1);
    private static readonly SpaceComponent Examples = new(12, "dataset", "Examples");

    private StableDiffusion35LargeSpace(GradioLayout layout)
        : base(layout)
    {
        SpaceId = Id;
    }

    /// <summary>Whether <c>infer</c> is a generator that yields a preview every few steps. Default false (it returns once).</summary>
    public bool YieldsPreviews { get; set; }

    /// <summary>A preview every this many steps when <see cref="YieldsPreviews"/> is on. Default 10.</summary>
    public int PreviewEvery { get; set; } = 10;

    /// <summary>Whether the queue shows ZeroGPU's "Waiting for a GPU" and "Successfully acquired a GPU" logs. Default true.</summary>
    public bool ZeroGpuLogs { get; set; } = true;

    /// <summary>The side of the final images when a test does not care about their size; null renders what was asked.</summary>
    public int? FinalSize { get; set; }

    private protected override string Title => "Stable Diffusion 3.5 Large (8B)";

    private protected override IReadOnlyList<SpaceComponent> Components { get; } = [Header, Prompt, Run, Result, Negative, Seed, Randomize, Width, Height, Guidance, Steps, Examples];

    private protected override IReadOnlyList<SpaceFunction> Functions =>
    [
        new(0, string.Empty, [Examples], [Prompt], [(Examples.Id, "click")], IsGenerator: false),
        new(1, string.Empty, [], [Header], [], IsGenerator: false),
        new(2, "infer", [Prompt, Negative, Seed, Randomize, Width, Height, Guidance, Steps], [Result, Seed], [(Run.Id, "click"), (Prompt.Id, "submit")], IsGenerator: YieldsPreviews),
    ];

    /// <summary>Starts the Space on a free loopback port.</summary>
    /// <param name="layout">Gradio 5.x (default) or the 6.x layout.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running Space.</returns>
    public static async Task<StableDiffusion35LargeSpace> StartAsync(GradioLayout layout = GradioLayout.Gradio5, CancellationToken cancellationToken = default)
    {
        var space = new StableDiffusion35LargeSpace(layout);
        await space.StartHostAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    private protected override async IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inputs = SpaceInputs.Read(run.Inputs);
        var prompt = inputs.Text(0);
        var seed = inputs.Bool(3) ? Random.Shared.NextInt64(0, int.MaxValue) : (long)inputs.Number(2);
        var width = SpaceInputs.Pixels(inputs.Number(4));
        var height = SpaceInputs.Pixels(inputs.Number(5));
        var steps = Math.Max(1, (int)inputs.Number(7));
        if (ZeroGpuLogs)
        {
            yield return ZeroGpuLog.Waiting;
            yield return ZeroGpuLog.Acquired;
        }

        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(StepDelay, cancellationToken).ConfigureAwait(false);
            yield return new SpaceStep.Progress(step, steps);
            if (YieldsPreviews && PreviewEvery > 0 && step % PreviewEvery == 0 && step < steps)
            {
                var preview = PngImage.Render(prompt, seed + step, 64, 64);
                yield return new SpaceStep.Yield([StoreFile(preview, run.Root, "image.png"), JsonValue.Create(seed)]);
            }
        }

        var final = PngImage.Render(prompt, seed, FinalSize ?? width, FinalSize ?? height);
        yield return new SpaceStep.Return([StoreFile(final, run.Root, "image.png"), JsonValue.Create(seed)]);
    }
}

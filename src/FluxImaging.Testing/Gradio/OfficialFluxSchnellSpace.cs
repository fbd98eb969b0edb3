using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The official black-forest-labs/FLUX.1-schnell ZeroGPU Space (<c>spaces.md</c> §5.3), Gradio 5.x under
/// <c>/gradio_api</c>, served on the queue and on <c>/call</c>: <c>infer(prompt, seed, randomize_seed, width, height,
/// num_inference_steps)</c> at fn_index 2 after two example dependencies, returning <c>(image, seed)</c> once — not a
/// generator. (<see cref="FluxSchnellSpace"/> is the voodoohop copy on Gradio 4.) Layout reconstructed.
/// </summary>
public sealed class OfficialFluxSchnellSpace : GradioSpaceEmulator
{
    /// <summary>The Space's id on Hugging Face.</summary>
    public const string Id = "black-forest-labs/FLUX.1-schnell";

    private static readonly SpaceComponent Header = new(1, "markdown", "Title");
    private static readonly SpaceComponent Prompt = new(2, "textbox", "Prompt", "prompt");
    private static readonly SpaceComponent Run = new(3, "button", "Run");
    private static readonly SpaceComponent Result = new(4, "image", "Result");
    private static readonly SpaceComponent Seed = new(5, "slider", "Seed", "seed", Value: 0, Minimum: 0, Maximum: 2147483647, Step: 1);
    private static readonly SpaceComponent Randomize = new(6, "checkbox", "Randomize seed", "randomize_seed", Value: true);
    private static readonly SpaceComponent Width = new(7, "slider", "Width", "width", Value: 1024, Minimum: 256, Maximum: 2048, Step: 32);
    private static readonly SpaceComponent Height = new(8, "slider", "Height", "height", Value: 1024, Minimum: 256, Maximum: 2048, Step: 32);
    private static readonly SpaceComponent Steps = new(9, "slider", "Number of inference steps", "num_inference_steps", Value: 4, Minimum: 1, Maximum: 50, Step: 1);
    private static readonly SpaceComponent Examples = new(10, "dataset", "Examples");

    private OfficialFluxSchnellSpace(GradioLayout layout)
        : base(layout)
    {
        SpaceId = Id;
    }

    /// <summary>Whether the queue shows ZeroGPU's "Waiting for a GPU" and "Successfully acquired a GPU" logs. Default true.</summary>
    public bool ZeroGpuLogs { get; set; } = true;

    /// <summary>The side of the final images when a test does not care about their size; null renders what was asked.</summary>
    public int? FinalSize { get; set; }

    private protected override string Title => "FLUX.1 [schnell]";

    private protected override IReadOnlyList<SpaceComponent> Components { get; } = [Header, Prompt, Run, Result, Seed, Randomize, Width, Height, Steps, Examples];

    private protected override IReadOnlyList<SpaceFunction> Functions { get; } =
    [
        new(0, string.Empty, [Examples], [Prompt], [(Examples.Id, "click")], IsGenerator: false),
        new(1, string.Empty, [], [Header], [], IsGenerator: false),
        new(2, "infer", [Prompt, Seed, Randomize, Width, Height, Steps], [Result, Seed], [(Run.Id, "click"), (Prompt.Id, "submit")], IsGenerator: false),
    ];

    /// <summary>Starts the Space on a free loopback port.</summary>
    /// <param name="layout">Gradio 5.x (default; the real Space's) or another generation.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running Space.</returns>
    public static async Task<OfficialFluxSchnellSpace> StartAsync(GradioLayout layout = GradioLayout.Gradio5, CancellationToken cancellationToken = default)
    {
        var space = new OfficialFluxSchnellSpace(layout);
        await space.StartHostAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    private protected override async IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inputs = SpaceInputs.Read(run.Inputs);
        var seed = inputs.Bool(2) ? Random.Shared.NextInt64(0, int.MaxValue) : (long)inputs.Number(1);
        var steps = Math.Max(1, (int)inputs.Number(5));
        if (ZeroGpuLogs)
        {
            yield return ZeroGpuLog.Waiting;
            yield return ZeroGpuLog.Acquired;
        }

        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(StepDelay, cancellationToken).ConfigureAwait(false);
            yield return new SpaceStep.Progress(step, steps);
        }

        var png = PngImage.Render(inputs.Text(0), seed, FinalSize ?? SpaceInputs.Pixels(inputs.Number(3)), FinalSize ?? SpaceInputs.Pixels(inputs.Number(4)));
        yield return new SpaceStep.Return([StoreFile(png, run.Root, "image.png"), JsonValue.Create(seed)]);
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The voodoohop/FLUX.1-schnell Space: one function <c>infer(prompt, seed, randomize_seed, width, height,
/// num_inference_steps)</c> returning <c>(image, seed)</c>, served as Gradio 4.x (default, root layout) or 5.x.
/// The image is a real PNG rendered from the prompt and seed at the requested size.
/// </summary>
public sealed class FluxSchnellSpace : GradioSpaceEmulator
{
    private static readonly SpaceComponent Prompt = new(1, "textbox", "Prompt", "prompt", Value: "");
    private static readonly SpaceComponent Seed = new(2, "slider", "Seed", "seed", Value: 0, Minimum: 0, Maximum: 2147483647, Step: 1);
    private static readonly SpaceComponent Randomize = new(3, "checkbox", "Randomize seed", "randomize_seed", Value: true);
    private static readonly SpaceComponent Width = new(4, "slider", "Width", "width", Value: 1024, Minimum: 256, Maximum: 2048, Step: 32);
    private static readonly SpaceComponent Height = new(5, "slider", "Height", "height", Value: 1024, Minimum: 256, Maximum: 2048, Step: 32);
    private static readonly SpaceComponent Steps = new(6, "slider", "Number of inference steps", "num_inference_steps", Value: 4, Minimum: 1, Maximum: 50, Step: 1);
    private static readonly SpaceComponent Result = new(7, "image", "Result");
    private static readonly SpaceComponent Run = new(8, "button", "Run");

    private FluxSchnellSpace(GradioLayout layout)
        : base(layout)
    {
    }

    /// <summary>Simulated compute time before the image is returned.</summary>
    public TimeSpan RunDelay { get; set; }

    /// <summary>The <c>orig_name</c> reported for images (default <c>image.png</c>); set a hostile one to test clients.</summary>
    public string OriginalFileName { get; set; } = "image.png";

    private protected override string Title => "FLUX.1 [schnell]";

    private protected override IReadOnlyList<SpaceComponent> Components { get; } = [Prompt, Seed, Randomize, Width, Height, Steps, Result, Run];

    private protected override IReadOnlyList<SpaceFunction> Functions { get; } =
    [
        new(0, "infer", [Prompt, Seed, Randomize, Width, Height, Steps], [Result, Seed], [(Run.Id, "click"), (Prompt.Id, "submit")], IsGenerator: false),
    ];

    /// <summary>Starts the Space on a free loopback port.</summary>
    /// <param name="layout">Gradio 4.x (the Space's real layout) or 5.x.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running Space.</returns>
    public static async Task<FluxSchnellSpace> StartAsync(GradioLayout layout = GradioLayout.Gradio4, CancellationToken cancellationToken = default)
    {
        var space = new FluxSchnellSpace(layout);
        await space.StartHostAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    private protected override async IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inputs = SpaceInputs.Read(run.Inputs);
        var seed = inputs.Bool(2) ? Random.Shared.NextInt64(0, int.MaxValue) : (long)inputs.Number(1);
        if (RunDelay > TimeSpan.Zero)
        {
            await Task.Delay(RunDelay, cancellationToken).ConfigureAwait(false);
        }

        var png = PngImage.Render(inputs.Text(0), seed, SpaceInputs.Pixels(inputs.Number(3)), SpaceInputs.Pixels(inputs.Number(4)));
        yield return new SpaceStep.Return([StoreFile(png, run.Root, "image.png", OriginalFileName), JsonValue.Create(seed)]);
    }
}

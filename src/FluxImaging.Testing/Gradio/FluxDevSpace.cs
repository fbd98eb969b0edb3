using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// The black-forest-labs/FLUX.1-dev ZeroGPU Space (Gradio 5, <c>/gradio_api</c>): a generator
/// <c>infer(prompt, seed, randomize_seed, width, height, guidance_scale, num_inference_steps)</c> that reports ZeroGPU
/// log lines and per-step progress, yields a preview every few steps (first as a full value, then as diffs), and returns
/// the final image and seed. <c>infer</c> is not the first dependency (fn_index 2, trigger 4 by default), and a
/// ZeroGPU quota can be simulated for anonymous callers.
/// </summary>
public sealed class FluxDevSpace : GradioSpaceEmulator
{
    /// <summary>ZeroGPU's quota message as the Space shows it, sign-up link included.</summary>
    public const string DefaultQuotaMessage =
        "You have exceeded your GPU quota (60s requested vs. 56s left). <a style=\"white-space: nowrap;text-underline-offset: 2px;color: var(--body-text-color)\" href=\"https://huggingface.co/join\">Create a free account</a> to get more usage quota.";

    private const string Anonymous = "[object Object]";

    private static readonly SpaceComponent Header = new(1, "markdown", "Title");
    private static readonly SpaceComponent Prompt = new(2, "textbox", "Prompt", "prompt", Value: "");
    private static readonly SpaceComponent Result = new(3, "image", "Result");
    private static readonly SpaceComponent Run = new(4, "button", "Run");
    private static readonly SpaceComponent Seed = new(5, "slider", "Seed", "seed", Value: 0, Minimum: 0, Maximum: 2147483647, Step: 1);
    private static readonly SpaceComponent Randomize = new(6, "checkbox", "Randomize seed", "randomize_seed", Value: true);
    private static readonly SpaceComponent Width = new(7, "slider", "Width", "width", Value: 1024, Minimum: 256, Maximum: 2048, Step: 32);
    private static readonly SpaceComponent Height = new(8, "slider", "Height", "height", Value: 1024, Minimum: 256, Maximum: 2048, Step: 32);
    private static readonly SpaceComponent Guidance = new(9, "slider", "Guidance Scale", "guidance_scale", Value: 3.5, Minimum: 1, Maximum: 15, Step: 0.1);
    private static readonly SpaceComponent Steps = new(10, "slider", "Number of inference steps", "num_inference_steps", Value: 28, Minimum: 1, Maximum: 50, Step: 1);
    private static readonly SpaceComponent Examples = new(11, "dataset", "Examples");

    private int _anonymousRuns;

    private FluxDevSpace(int inferFnIndex)
        : base(GradioLayout.Gradio5)
    {
        Functions =
        [
            new(0, string.Empty, [Examples], [Prompt], [(Examples.Id, "click")], IsGenerator: false),
            new(1, string.Empty, [], [Header], [], IsGenerator: false),
            new(inferFnIndex, "infer", [Prompt, Seed, Randomize, Width, Height, Guidance, Steps], [Result, Seed], [(Run.Id, "click"), (Prompt.Id, "submit")], IsGenerator: true),
        ];
    }

    /// <summary>A preview is yielded every this many steps. Default 4.</summary>
    public int PreviewEvery { get; set; } = 4;

    /// <summary>Whether ZeroGPU's "Waiting for a GPU" and "Successfully acquired a GPU" lines are logged. Default true.</summary>
    public bool ZeroGpuLogs { get; set; } = true;

    /// <summary>How many runs anonymous callers (no or <c>[object Object]</c> token) get before the quota message; null for no limit.</summary>
    public int? AnonymousQuotaRuns { get; set; }

    /// <summary>The quota failure text; vary it to test classification.</summary>
    public string QuotaMessage { get; set; } = DefaultQuotaMessage;

    /// <summary>The quota failure title (<c>Error</c>, or <c>ZeroGPU quota exceeded</c> on newer Spaces).</summary>
    public string QuotaTitle { get; set; } = "Error";

    /// <summary>
    /// When true, the final image's <c>orig_name</c> carries the time the result was produced
    /// (<c>done-{UTC ticks}.png</c>), so a load test can measure the latency added after the upstream finished.
    /// </summary>
    public bool StampCompletions { get; set; }

    /// <summary>The side of the final images when a load test does not care about their size; null renders what was asked.</summary>
    public int? FinalSize { get; set; }

    /// <summary>The side of the preview images (they are small, as live previews are).</summary>
    public int PreviewSize { get; set; } = 64;

    private protected override string Title => "FLUX.1 [dev]";

    private protected override IReadOnlyList<SpaceComponent> Components { get; } = [Header, Prompt, Result, Run, Seed, Randomize, Width, Height, Guidance, Steps, Examples];

    private protected override IReadOnlyList<SpaceFunction> Functions { get; }

    private protected override double? Eta => 21.73;

    private protected override (string Text, string Title) QuotaFailure => (QuotaMessage, QuotaTitle);

    /// <summary>Starts the Space on a free loopback port.</summary>
    /// <param name="inferFnIndex">The dependency id of <c>infer</c> (2 on the real Space; change it to test discovery).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running Space.</returns>
    public static async Task<FluxDevSpace> StartAsync(int inferFnIndex = 2, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferFnIndex, 2);
        var space = new FluxDevSpace(inferFnIndex);
        await space.StartHostAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    private protected override async IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var inputs = SpaceInputs.Read(run.Inputs);
        var prompt = inputs.Text(0);
        var seed = inputs.Bool(2) ? Random.Shared.NextInt64(0, int.MaxValue) : (long)inputs.Number(1);
        var width = SpaceInputs.Pixels(inputs.Number(3));
        var height = SpaceInputs.Pixels(inputs.Number(4));
        var steps = Math.Max(1, (int)inputs.Number(6));

        var token = run.Headers.GetValueOrDefault("x-zerogpu-token");
        var anonymous = token is null or Anonymous;
        if (anonymous && AnonymousQuotaRuns is { } allowed && Interlocked.Increment(ref _anonymousRuns) > allowed)
        {
            yield return new SpaceStep.Fail(QuotaMessage, QuotaTitle);
            yield break;
        }

        if (ZeroGpuLogs)
        {
            yield return new SpaceStep.Log("Waiting for a GPU to become available");
            await Task.Delay(StepDelay, cancellationToken).ConfigureAwait(false);
            yield return new SpaceStep.Log("Successfully acquired a GPU", "success", "Success");
        }

        var scale = (double)PreviewSize / Math.Max(width, height);
        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(StepDelay, cancellationToken).ConfigureAwait(false);
            yield return new SpaceStep.Progress(step, steps);
            if (PreviewEvery > 0 && step % PreviewEvery == 0 && step < steps)
            {
                var preview = PngImage.Render(prompt, seed + step, Math.Max(1, (int)(width * scale)), Math.Max(1, (int)(height * scale)));
                yield return new SpaceStep.Yield([StoreFile(preview, run.Root, "image.png"), JsonValue.Create(seed)]);
            }
        }

        var final = PngImage.Render(prompt, seed, FinalSize ?? width, FinalSize ?? height);
        var name = StampCompletions ? $"done-{DateTime.UtcNow.Ticks}.png" : null;
        yield return new SpaceStep.Return([StoreFile(final, run.Root, "image.png", name), JsonValue.Create(seed)]);
    }
}

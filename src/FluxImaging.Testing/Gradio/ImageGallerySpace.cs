using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// A Space whose output is a <c>Gallery</c> of several images (<c>spaces.md</c> §4, §6), on any Gradio generation:
/// <c>generate(prompt, negative_prompt, seed, randomize_seed, width, height, num_images, history)</c> returns
/// <c>[Gallery, seed, history]</c>, one image per requested count, image <c>i</c> rendered with seed + i.
/// <c>history</c> is a <c>gr.State</c>, absent from <c>/info</c> (clients send <c>null</c> for it on the queue, nothing on
/// <c>/call</c>). Gallery items are <c>{"image": FileData, "caption": …}</c>; on 5.x/6.x the image is an ImageData
/// whose <c>orig_name</c> is null, as for PIL images.
/// </summary>
public sealed class ImageGallerySpace : GradioSpaceEmulator
{
    /// <summary>The default Space id (an invented one: any gallery Space looks like this).</summary>
    public const string DefaultId = "fluximaging/image-gallery";

    /// <summary>The most images one call makes (the count slider's maximum).</summary>
    public const int MaxImages = 4;

    private readonly SpaceComponent _seed = new(3, "slider", "Seed", "seed", Value: 0, Minimum: 0, Maximum: 2147483647, Step: 1);
    private readonly SpaceComponent _history = new(8, "state", "History");

    private ImageGallerySpace(GradioLayout layout, string countParameter)
        : base(layout)
    {
        SpaceId = DefaultId;
        var prompt = new SpaceComponent(1, "textbox", "Prompt", "prompt");
        var negative = new SpaceComponent(2, "textbox", "Negative prompt", "negative_prompt", Value: "");
        var randomize = new SpaceComponent(4, "checkbox", "Randomize seed", "randomize_seed", Value: true);
        var width = new SpaceComponent(5, "slider", "Width", "width", Value: 512, Minimum: 256, Maximum: 1024, Step: 64);
        var height = new SpaceComponent(6, "slider", "Height", "height", Value: 512, Minimum: 256, Maximum: 1024, Step: 64);
        var count = new SpaceComponent(7, "slider", "Number of images", countParameter, Value: 2, Minimum: 1, Maximum: MaxImages, Step: 1);
        var run = new SpaceComponent(9, "button", "Generate");
        var gallery = new SpaceComponent(10, "gallery", "Images");
        Components = [prompt, negative, _seed, randomize, width, height, count, _history, run, gallery];
        Functions =
        [
            new(0, "generate", [prompt, negative, _seed, randomize, width, height, count, _history], [gallery, _seed, _history], [(run.Id, "click"), (prompt.Id, "submit")], IsGenerator: false),
        ];
    }

    /// <summary>When true, each item carries the caption <c>{prompt} #{n}</c>; default false (<c>caption: null</c>).</summary>
    public bool Captions { get; set; }

    /// <summary>How many times the Space was run.</summary>
    public int Runs => _runs;

    private int _runs;

    private protected override string Title => "Image gallery";

    private protected override IReadOnlyList<SpaceComponent> Components { get; }

    private protected override IReadOnlyList<SpaceFunction> Functions { get; }

    /// <summary>Starts the Space on a free loopback port.</summary>
    /// <param name="layout">The Gradio generation (its Gallery value shape differs between 4.x and 5.x).</param>
    /// <param name="countParameter">The count parameter's name: <c>num_images</c> (default), <c>num_outputs</c>, <c>batch_size</c> or <c>n</c>.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running Space.</returns>
    public static async Task<ImageGallerySpace> StartAsync(GradioLayout layout = GradioLayout.Gradio5, string countParameter = "num_images", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(countParameter);
        var space = new ImageGallerySpace(layout, countParameter);
        await space.StartHostAsync(cancellationToken).ConfigureAwait(false);
        return space;
    }

    private protected override async IAsyncEnumerable<SpaceStep> RunAsync(SpaceRun run, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        var inputs = SpaceInputs.Read(run.Inputs);
        var prompt = inputs.Text(0);
        var seed = inputs.Bool(3) ? Random.Shared.NextInt64(0, int.MaxValue) : (long)inputs.Number(2);
        var width = SpaceInputs.Pixels(inputs.Number(4));
        var height = SpaceInputs.Pixels(inputs.Number(5));
        var count = Math.Clamp((int)inputs.Number(6), 1, MaxImages);
        var gallery = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(StepDelay, cancellationToken).ConfigureAwait(false);
            yield return new SpaceStep.Progress(i + 1, count);
            var image = StoreFile(PngImage.Render(prompt, seed + i, width, height), run.Root, "image.png");
            if (Layout >= GradioLayout.Gradio5)
            {
                image["orig_name"] = null;
            }

            // Typed JsonNode: JsonArray.Add<T> of anything else creates the value by reflection.
            JsonNode item = new JsonObject { ["image"] = image, ["caption"] = Captions ? $"{prompt} #{i + 1}" : null };
            gallery.Add(item);
        }

        yield return new SpaceStep.Return([gallery, JsonValue.Create(seed), null]);
    }
}

using System.CommandLine;
using FluxImaging.Cli.Hosting;
using FluxImaging.Cli.Output;
using Spectre.Console;

namespace FluxImaging.Cli.Commands;

/// <summary><c>fluximg generate PROMPT</c>: one generation, shown live or as JSON lines, images saved to a folder.</summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output, TextWriter error, bool live)
    {
        var prompt = new Argument<string>("prompt") { Description = "What the image should show." };
        // No default here: without --model the client's default applies, which configuration sets (FluxImaging:DefaultModel).
        var model = new Option<string?>("--model", "-m") { Description = "Model or alias (listed below); default: FluxImaging:DefaultModel from configuration." };
        var provider = new Option<string?>("--provider", "-p") { Description = "Pin one provider (e.g. BlackForestLabs, Voodoohop)." };
        var width = new Option<int?>("--width") { Description = "Width in pixels." };
        var height = new Option<int?>("--height") { Description = "Height in pixels." };
        var aspectRatio = new Option<string?>("--aspect-ratio") { Description = "1:1, 16:9, 9:16, 4:3, 3:4, 21:9, 9:21, …" };
        var steps = new Option<int?>("--steps") { Description = "Inference steps." };
        var guidance = new Option<double?>("--guidance") { Description = "Guidance scale, e.g. 3.5." };
        var seed = new Option<long?>("--seed") { Description = "Seed (turns the upstream's randomisation off)." };
        var negative = new Option<string?>("--negative") { Description = "Negative prompt, where supported." };
        var images = new Option<string[]>("--image")
        {
            Description = "An image to edit or start from (PNG, JPEG, WebP or GIF); repeat it for several. Only models that take one are tried.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var count = new Option<int?>("--n") { Description = "How many images, 1 to 10 (as the server's n); each is saved." };
        var outDir = new Option<string>("--out", "-o") { Description = "Folder for the images.", DefaultValueFactory = _ => "./images" };
        var previews = new Option<bool>("--previews") { Description = "Also save the previews." };
        var offline = new Option<bool>("--offline") { Description = "Route every provider to the bundled emulators (no network needed)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line per event, for scripts." };

        var command = new Command("generate", "Generate an image from a prompt.")
        {
            prompt, model, provider, width, height, aspectRatio, steps, guidance, seed, negative, images, count, outDir, previews, offline, json,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            IGenerationReporter reporter = parse.GetValue(json)
                ? new JsonLinesReporter(output)
                : live
                    ? new LiveReporter(AnsiConsole.Console)
                    : new PlainReporter(output, error);

            ImageRequest request;
            try
            {
                var inputImages = await InputImageFiles.ReadAsync(parse.GetValue(images) ?? [], cancellationToken).ConfigureAwait(false);
                request = new ImageRequest(parse.GetValue(prompt) ?? string.Empty)
                {
                    InputImages = inputImages,
                    Count = parse.GetValue(count) ?? 1,
                    Model = parse.GetValue(model),
                    Provider = parse.GetValue(provider),
                    Width = parse.GetValue(width),
                    Height = parse.GetValue(height),
                    AspectRatio = parse.GetValue(aspectRatio),
                    Steps = parse.GetValue(steps),
                    GuidanceScale = parse.GetValue(guidance),
                    Seed = parse.GetValue(seed),
                    NegativePrompt = parse.GetValue(negative),
                };
            }
            catch (ArgumentException ex)
            {
                reporter.Error(RequestOptionError.From(ex));
                return ExitCodes.For(FluxImagingErrorKind.InvalidRequest);
            }
            catch (FluxImagingException ex)
            {
                // An --image file that cannot be sent.
                reporter.Error(ex);
                return ExitCodes.For(ex.Kind);
            }

            CliHost host;
            try
            {
                host = await CliHost.StartAsync(parse.GetValue(offline), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidConfigurationException ex)
            {
                // Like bad usage: on standard error, standard output stays clean for scripts reading --json.
                ex.WriteTo(error);
                return ExitCodes.Usage;
            }

            await using var started = host.ConfigureAwait(false);
            var folder = parse.GetValue(outDir)!;
            var savePreviews = parse.GetValue(previews);
            return await reporter.RunAsync(r => GenerateAsync(host.Client, request, r, folder, savePreviews, cancellationToken)).ConfigureAwait(false);
        });

        return command;
    }

    private static async Task<int> GenerateAsync(
        FluxImagingClient client,
        ImageRequest request,
        IGenerationReporter reporter,
        string folder,
        bool savePreviews,
        CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var imageEvent in client.GenerateAsync(request, cancellationToken).ConfigureAwait(false))
            {
                switch (imageEvent)
                {
                    case Reasoning reasoning:
                        reporter.Reasoning(reasoning);
                        break;
                    case ImagePreview preview:
                        reporter.Preview(preview, savePreviews ? await SaveAllAsync(preview.Images, Path.Combine(folder, "previews"), cancellationToken).ConfigureAwait(false) : null);
                        break;
                    case ImageResponse response:
                        reporter.Image(response, await SaveAllAsync(response.Images, folder, cancellationToken).ConfigureAwait(false));
                        break;
                }
            }

            return ExitCodes.Success;
        }
        catch (FluxImagingException ex)
        {
            reporter.Error(ex);
            return ExitCodes.For(ex.Kind);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            reporter.Cancelled();
            return ExitCodes.Cancelled;
        }
    }

    private static async Task<IReadOnlyList<string>> SaveAllAsync(IReadOnlyList<GeneratedImage> images, string folder, CancellationToken cancellationToken)
    {
        var paths = new List<string>(images.Count);
        foreach (var image in images)
        {
            paths.Add(await image.SaveAsync(folder, cancellationToken).ConfigureAwait(false));
        }

        return paths;
    }
}

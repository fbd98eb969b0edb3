using System.Runtime.CompilerServices;
using FluxImaging.Providers;

namespace FluxImaging.Tests.Support;

internal sealed class LoopbackOptions() : ImageProviderOptions(new Uri("http://127.0.0.1:1"));

/// <summary>
/// A minimal provider over the public kit (context, named client, resilience, response guards): it GETs
/// <c>{endpoint}/image</c>, reads the whole body as a plain stream, and returns it as the final image.
/// </summary>
internal sealed class LoopbackProvider(ImageProviderContext<LoopbackOptions> context) : IImageProvider
{
    public const string ProviderName = "Loopback";

    public string Name => context.Name;

    public string Label => "Loopback test provider";

    public ImageProviderModels Models { get; } = new("loopback-model", aliases: ["loop"]);

    public async IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var uri = new Uri(context.Options.Endpoint, $"/image?prompt={Uri.EscapeDataString(request.Prompt)}");
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await context.Http.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await context.Http.FailureAsync(response, "GET /image", cancellationToken: cancellationToken);
        }

        yield return new Reasoning(Name, Models.DefaultModel, "Downloading");

        // Read as any provider might: the idle timeout and size cap apply without being asked for.
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        yield return new ImageResponse(Name, Models.DefaultModel, [new GeneratedImage(buffer.ToArray(), "image/png"), context.Http.Image(uri)]);
    }
}

using System.Runtime.CompilerServices;
using FluxImaging.Providers;
using Microsoft.Extensions.Options;

namespace FluxImaging.Tests.Support;

internal sealed class LoopbackOptions() : ImageProviderOptions(new Uri("http://127.0.0.1:1"));

/// <summary>
/// A minimal provider over the core plumbing (runtime, named client, resilience, idle timeout): it GETs
/// <c>{endpoint}/image</c>, reads the whole body through the idle guard, and returns it as the final image.
/// </summary>
internal sealed class LoopbackProvider(ProviderRuntime runtime, IOptions<LoopbackOptions> options) : IImageProvider
{
    public const string ProviderName = "Loopback";

    public string Name => ProviderName;

    public string Label => "Loopback test provider";

    public ImageProviderModels Models { get; } = new("loopback-model", aliases: ["loop"]);

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default) =>
        runtime.RunAsync(token => RunAsync(request, token), cancellationToken);

    private async IAsyncEnumerable<ImageEvent> RunAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uri = new Uri(options.Value.Endpoint, $"/image?prompt={Uri.EscapeDataString(request.Prompt)}");
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await runtime.SendAsync(message, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await runtime.FailureAsync(response, "GET /image", cancellationToken);
        }

        yield return new Reasoning(Name, Models.DefaultModel, "Downloading");
        await using var body = runtime.GuardIdle(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken);
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        yield return new ImageResponse(Name, Models.DefaultModel, [new GeneratedImage(buffer.ToArray(), "image/png"), runtime.Image(uri)]);
    }
}

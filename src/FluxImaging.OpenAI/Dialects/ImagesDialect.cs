using FluxImaging.Providers;

namespace FluxImaging.OpenAI.Dialects;

/// <summary>
/// What differs between the servers that speak <c>POST /v1/images/generations</c>: how a request becomes calls and
/// bodies, where the key goes, and what a failed answer means. Thread-safe; one per provider.
/// </summary>
internal abstract class ImagesDialect
{
    public const string Operation = "POST /v1/images/generations";

    /// <summary>The dialect configured for a provider.</summary>
    public static ImagesDialect For(ImageProviderContext<OpenAICompatibleOptions> context) => context.Options.Dialect switch
    {
        OpenAIDialect.G4F => new G4FImagesDialect(context),
        _ => new OpenAIImagesDialect(context),
    };

    /// <summary>The calls that produce the request's images, made one after another.</summary>
    public abstract IReadOnlyList<ImagesCall> Calls(ImageRequest request, string model);

    /// <summary>Puts the endpoint's key where this dialect's servers read it.</summary>
    public abstract void Authorize(HttpRequestMessage message, string apiKey);

    /// <summary>The typed error an unsuccessful answer stands for.</summary>
    public abstract Task<FluxImagingException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken);
}

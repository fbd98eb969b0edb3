namespace FluxImaging.Testing.OpenAI;

/// <summary>Which server <see cref="OpenAIImagesEmulator"/> behaves like.</summary>
public enum OpenAIImagesServerKind
{
    /// <summary>OpenAI's Images API: a Bearer key, <c>size</c>, <c>n</c> honoured, OpenAI-shaped errors.</summary>
    OpenAI = 0,

    /// <summary>
    /// A gpt4free server (<c>g4f/api</c>): the <c>g4f-api-key</c> header, pydantic validation with integer
    /// <c>guidance_scale</c>, <c>width</c>/<c>height</c>/<c>aspect_ratio</c>, <c>n</c> ignored, Bearer tokens handed to
    /// its providers as their credential.
    /// </summary>
    Gpt4Free,
}

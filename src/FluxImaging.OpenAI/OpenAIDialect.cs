namespace FluxImaging.OpenAI;

/// <summary>
/// How an OpenAI-compatible endpoint wants to be spoken to. Configured as <c>Dialect</c> = <c>openai</c> (the default)
/// or <c>g4f</c>, in any case.
/// </summary>
public enum OpenAIDialect
{
    /// <summary>
    /// OpenAI's Images API and the servers that follow it (LocalAI, a FluxImaging server): the key as
    /// <c>Authorization: Bearer</c>, the size as <c>size</c> = <c>WxH</c>, <c>n</c> images in one call, the guidance
    /// scale as a decimal.
    /// </summary>
    OpenAI = 0,

    /// <summary>
    /// A gpt4free server (<c>g4f/api</c>): the key as <c>g4f-api-key</c> and never a Bearer (gpt4free would hand a
    /// Bearer to its own upstreams as their credential); <c>width</c>, <c>height</c>, <c>aspect_ratio</c>,
    /// <c>seed</c>, <c>negative_prompt</c>, <c>num_inference_steps</c> by gpt4free's names, every number an integer;
    /// the guidance scale only when it is a whole number; one call per image, since gpt4free ignores <c>n</c>; its
    /// <c>&lt;Class&gt;: &lt;text&gt;</c> errors classified by their text.
    /// </summary>
    G4F = 1,
}

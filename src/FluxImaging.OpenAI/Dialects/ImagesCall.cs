namespace FluxImaging.OpenAI.Dialects;

/// <summary>One <c>POST /v1/images/generations</c> of a generation: its body and how many final images it asks for.</summary>
/// <param name="Body">The JSON body.</param>
/// <param name="Images">The final images its answer carries; entries before them are leaked previews.</param>
internal readonly record struct ImagesCall(byte[] Body, int Images);

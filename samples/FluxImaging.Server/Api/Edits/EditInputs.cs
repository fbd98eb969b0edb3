namespace FluxImaging.Server.Api.Edits;

/// <summary>What makes a parsed request an edit, whichever body it came in.</summary>
internal static class EditInputs
{
    /// <summary>
    /// The request with its images and mask, and — when it names neither a model nor a provider — the server's
    /// <see cref="ServerOptions.DefaultEditModel"/>, since the general default model takes no image.
    /// </summary>
    public static GenerationRequest Attach(GenerationRequest parsed, IReadOnlyList<ImageInput> images, ImageInput? mask, ServerOptions options)
    {
        var request = parsed.Request;
        var model = request.Model ?? (request.Provider is null ? options.DefaultEditModel : null);
        return parsed with { Request = request with { InputImages = images, Mask = mask, Model = model } };
    }
}

using FluxImaging.Server.Safety;

namespace FluxImaging.Server.Api;

/// <summary>
/// Whether the model a request names can take its input images and mask, decided before anything is sent upstream —
/// and, for a stream, before the status line. The client refuses such a request too, with the same words; only here
/// can the 400 name the field to change: <c>mask</c> for a model without a mask input, the image field for more images
/// than the model takes, <c>model</c> for a model that takes no image or needs one. A mask is never silently dropped.
/// </summary>
internal static class InputImageCheck
{
    /// <summary>The 400 for a request no provider of its model can take, or null when one can (or routing itself fails, which the generation reports).</summary>
    /// <param name="client">The client whose routing decides.</param>
    /// <param name="request">The request, its input images and mask included.</param>
    /// <param name="imageField">The field the images came in: <c>image</c> (a form) or <c>images</c> (JSON).</param>
    /// <param name="echo">Shortens the client's model name.</param>
    public static ApiError? Refusal(FluxImagingClient client, ImageRequest request, string imageField, EchoLimits echo)
    {
        IReadOnlyList<IImageProvider> providers;
        try
        {
            providers = client.ResolveProviders(request.Model, request.Provider);
        }
        catch (FluxImagingException)
        {
            return null;
        }

        if (providers.Count == 0 || providers.Any(p => p.Models.RefusalOf(request) is null))
        {
            return null;
        }

        var models = providers[0].Models;
        var images = request.InputImages.Count;
        var field = images == 0 || models.ImageInput == ImageInputSupport.None ? "model" : images > models.MaxInputImages ? imageField : "mask";
        var others = providers.Count > 1 ? " (nor does any other provider that serves it)" : string.Empty;
        var hint = images == 0 ? " Send an image to POST /v1/images/edits." : string.Empty;
        return ApiError.Invalid($"The model '{echo.Value(request.Model ?? models.DefaultModel)}' {models.RefusalOf(request)}{others}.{hint}", field);
    }
}

using System.Globalization;
using FluxImaging.Server.Api.Fields;
using FluxImaging.Server.Api.Multipart;
using FluxImaging.Server.Safety;

namespace FluxImaging.Server.Api.Edits;

/// <summary>
/// <c>POST /v1/images/edits</c> as OpenAI's multipart form: the images as <c>image</c> (one file, the .NET SDK),
/// <c>image[]</c> (repeated, the npm package and OpenAI's curl examples) or <c>image[0]</c>, <c>image[1]</c>, … — in
/// the order sent, the first being the one edited; an optional <c>mask</c>; every other field as for generations,
/// as text.
/// </summary>
internal static class EditForm
{
    /// <summary>The most images one edit may carry (OpenAI's own limit); what a model takes is checked later.</summary>
    public const int MaxImages = 16;

    public static (GenerationRequest? Request, ApiError? Error) Parse(ReadOnlyMemory<byte> body, string boundary, ServerOptions options, EchoLimits echo)
    {
        MultipartForm form;
        try
        {
            form = MultipartForm.Parse(body, boundary);
        }
        catch (MultipartFormatException ex)
        {
            return (null, ApiError.Invalid($"The multipart/form-data body is malformed: {ex.Message}"));
        }

        try
        {
            var images = new List<ImageInput>();
            ImageInput? mask = null;
            var fields = new List<FormPart>();
            foreach (var part in form.Parts)
            {
                if (IsImage(part.Name))
                {
                    if (images.Count == MaxImages)
                    {
                        throw new RequestFieldException("image", $"'image' takes at most {MaxImages} files.");
                    }

                    images.Add(InputImageBytes.From(part.Content, part.FileName, "image", string.Create(CultureInfo.InvariantCulture, $"Image {images.Count + 1}")));
                }
                else if (part.Name == "mask")
                {
                    mask = mask is null
                        ? InputImageBytes.From(part.Content, part.FileName, "mask", "The mask")
                        : throw new RequestFieldException("mask", "'mask' is given more than once.");
                }
                else
                {
                    fields.Add(part);
                }
            }

            var parsed = GenerationRequest.Read(new FormRequestFields(fields), pathProvider: null, options, echo);
            if (images.Count == 0)
            {
                throw new RequestFieldException("image", "'image' is required: the PNG, JPEG, WebP or GIF file to edit.");
            }

            return (EditInputs.Attach(parsed, images, mask, options), null);
        }
        catch (RequestFieldException ex)
        {
            return (null, GenerationRequest.Invalid(ex, echo));
        }
    }

    /// <summary><c>image</c>, <c>image[]</c>, or <c>image[N]</c> with a decimal index.</summary>
    private static bool IsImage(string name) =>
        name is "image" or "image[]"
        || (name.Length > "image[]".Length && name.StartsWith("image[", StringComparison.Ordinal) && name[^1] == ']' && name[6..^1].All(char.IsAsciiDigit));
}

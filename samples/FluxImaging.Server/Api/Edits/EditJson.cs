using System.Text.Json;
using FluxImaging.Server.Api.Fields;
using FluxImaging.Server.Media;
using FluxImaging.Server.Safety;

namespace FluxImaging.Server.Api.Edits;

/// <summary>
/// <c>POST /v1/images/edits</c> as OpenAI's JSON body: <c>images</c>, a list of <c>{"image_url": …}</c>, and an optional
/// <c>mask</c> of the same shape; every other field as for generations. An <c>image_url</c> is a <c>data:</c> URL
/// (base64) or an http(s) URL, downloaded through the <see cref="GuardedDownloader"/> with every guard an upstream image
/// has (public addresses only, redirects checked hop by hop, size and time caps). <c>file_id</c> is refused: this server
/// has no Files API. An image that cannot be had is the request's fault, a 400 naming it.
/// </summary>
internal static class EditJson
{
    public static async Task<(GenerationRequest? Request, ApiError? Error)> ParseAsync(
        ReadOnlyMemory<byte> body,
        GuardedDownloader downloader,
        ServerOptions options,
        EchoLimits echo,
        CancellationToken cancellationToken)
    {
        var error = JsonRequestBody.TryRead(
            body,
            echo,
            root =>
            (
                Request: GenerationRequest.Read(new JsonRequestFields(root), pathProvider: null, options, echo),
                ImageUrls: ImageUrls(root),
                MaskUrl: root.TryGetProperty("mask", out var mask) && mask.ValueKind != JsonValueKind.Null ? ImageUrl(mask, "mask", "'mask'") : null),
            out var fields);
        if (error is not null)
        {
            return (null, error);
        }

        var (parsed, imageUrls, maskUrl) = fields;
        try
        {
            var images = new List<ImageInput>(imageUrls.Count);
            for (var i = 0; i < imageUrls.Count; i++)
            {
                images.Add(await FetchAsync(downloader, imageUrls[i], "images", $"images[{i}]", cancellationToken).ConfigureAwait(false));
            }

            var maskImage = maskUrl is null ? null : await FetchAsync(downloader, maskUrl, "mask", "'mask'", cancellationToken).ConfigureAwait(false);
            return (EditInputs.Attach(parsed, images, maskImage, options), null);
        }
        catch (RequestFieldException ex)
        {
            return (null, GenerationRequest.Invalid(ex, echo));
        }
    }

    private static List<string> ImageUrls(JsonElement root)
    {
        if (!root.TryGetProperty("images", out var images) || images.ValueKind == JsonValueKind.Null || (images.ValueKind == JsonValueKind.Array && images.GetArrayLength() == 0))
        {
            throw new RequestFieldException("images", "'images' is required: a list of {\"image_url\": \"https://…\" or \"data:…\"}, the first being the image to edit.");
        }

        if (images.ValueKind != JsonValueKind.Array)
        {
            throw new RequestFieldException("images", "'images' must be a list of {\"image_url\": …}.");
        }

        if (images.GetArrayLength() > EditForm.MaxImages)
        {
            throw new RequestFieldException("images", $"'images' takes at most {EditForm.MaxImages} images.");
        }

        return [.. images.EnumerateArray().Select((image, i) => ImageUrl(image, "images", $"images[{i}]"))];
    }

    private static string ImageUrl(JsonElement reference, string field, string description)
    {
        if (reference.ValueKind != JsonValueKind.Object)
        {
            throw new RequestFieldException(field, $"{description} must be an object: {{\"image_url\": …}}.");
        }

        if (reference.TryGetProperty("file_id", out var fileId) && fileId.ValueKind != JsonValueKind.Null)
        {
            throw new RequestFieldException(field, $"{description}: file_id is not supported (this server has no Files API); send image_url, an http(s) or data: URL.");
        }

        return reference.TryGetProperty("image_url", out var url) && url.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(url.GetString())
            ? url.GetString()!
            : throw new RequestFieldException(field, $"{description} needs an image_url: an http(s) or data: URL.");
    }

    private static async Task<ImageInput> FetchAsync(GuardedDownloader downloader, string url, string field, string description, CancellationToken cancellationToken)
    {
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return InputImageBytes.From(DataUrl(url, field, description), fileName: null, field, description);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new RequestFieldException(field, $"{description}.image_url must be an http(s) or data: URL.");
        }

        try
        {
            var (bytes, _, _) = await downloader.FetchAsync(new GeneratedImage(uri), cancellationToken).ConfigureAwait(false);
            return InputImageBytes.From(bytes, fileName: null, field, description);
        }
        catch (DownloadRefusedException ex)
        {
            throw new RequestFieldException(field, $"{description}: {ex.Message}");
        }
        catch (FluxImagingException ex)
        {
            throw new RequestFieldException(field, $"{description} could not be fetched: {ex.Message}");
        }
    }

    /// <summary>The bytes of <c>data:[type][;…];base64,…</c>; its declared type is not trusted (the bytes are sniffed).</summary>
    private static ReadOnlyMemory<byte> DataUrl(string url, string field, string description)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        var header = comma < 0 ? string.Empty : url[5..comma];
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new RequestFieldException(field, $"{description}.image_url must be a base64 data: URL (data:image/png;base64,…).");
        }

        var payload = url.AsSpan(comma + 1);
        var bytes = new byte[(payload.Length / 4 * 3) + 3];
        return Convert.TryFromBase64Chars(payload, bytes, out var written)
            ? bytes.AsMemory(0, written)
            : throw new RequestFieldException(field, $"{description}.image_url is not valid base64.");
    }
}

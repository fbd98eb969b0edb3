using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxImaging.Gradio.Spaces;

/// <summary>
/// Reads the images and the seed out of a job's outputs (spaces.md §4): an Image's FileData, a Gallery's items (4.x
/// <c>{"image": FileData}</c>, 5.x/6.x ImageData), File(s), or a string holding an http(s) or <c>data:image/</c> URL —
/// every image in output order, Gallery items in list order. Update dicts (<c>__type__: update</c>) and videos are not images.
/// </summary>
internal static class SpaceOutputs
{
    public static List<GeneratedImage> Images(GradioClient client, GradioApp app, IReadOnlyList<JsonNode?> outputs, IReadOnlyList<GradioReturn> returns)
    {
        var images = new List<GeneratedImage>();
        for (var i = 0; i < outputs.Count; i++)
        {
            var component = i < returns.Count ? returns[i].Component : null;
            Collect(client, app, outputs[i], component, images);
        }

        return images;
    }

    /// <summary>The seed an output reports: the first number among outputs labelled or typed as a seed, else the only number.</summary>
    public static long? Seed(IReadOnlyList<JsonNode?> outputs, IReadOnlyList<GradioReturn> returns)
    {
        long? only = null;
        var numbers = 0;
        for (var i = 0; i < outputs.Count; i++)
        {
            if (outputs[i] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<double>(out var number))
            {
                continue;
            }

            if (i < returns.Count && (returns[i].Label?.Contains("seed", StringComparison.OrdinalIgnoreCase) ?? false))
            {
                return (long)number;
            }

            numbers++;
            only = (long)number;
        }

        return numbers == 1 ? only : null;
    }

    private static void Collect(GradioClient client, GradioApp app, JsonNode? value, string? component, List<GeneratedImage> images)
    {
        switch (value)
        {
            case JsonObject update when update["__type__"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "update":
                return;
            case JsonObject item when item["image"] is JsonObject image:
                Add(client, app, image, images);
                return;
            case JsonObject item when item.ContainsKey("video"):
                return;
            case JsonObject file:
                Add(client, app, file, images);
                return;
            case JsonArray items:
                foreach (var item in items)
                {
                    Collect(client, app, item, component, images);
                }

                return;
            case JsonValue text when component is null or "Textbox" or "Markdown" or "HTML" or "Json" or "JSON"
                && text.TryGetValue<string>(out var url)
                && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
                && (uri.Scheme is "http" or "https" || url.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)):
                images.Add(client.Image(app, new GradioFile(null, uri.OriginalString)) ?? throw Unreadable(client));
                return;
        }
    }

    private static void Add(GradioClient client, GradioApp app, JsonObject value, List<GeneratedImage> images)
    {
        if (!GradioFile.TryRead(value, out var file))
        {
            return;
        }

        // A file that names no http(s) location (file:, javascript:) is not an image the client may fetch.
        images.Add(client.Image(app, file) ?? throw Unreadable(client));
    }

    private static FluxImagingException Unreadable(GradioClient client) => new(
        FluxImagingErrorKind.ProtocolViolation,
        "The Space returned a file whose URL is neither http nor https (nor a data:image URI); it is not downloaded.",
        client.Name);
}

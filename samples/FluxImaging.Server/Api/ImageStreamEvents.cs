namespace FluxImaging.Server.Api;

/// <summary>The names a stream's image events carry: OpenAI names them after the operation.</summary>
internal sealed record ImageStreamEvents(string PartialImage, string Completed)
{
    public static ImageStreamEvents Generation { get; } = new("image_generation.partial_image", "image_generation.completed");

    public static ImageStreamEvents Edit { get; } = new("image_edit.partial_image", "image_edit.completed");
}

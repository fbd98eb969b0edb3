namespace FluxImaging.Gradio;

/// <summary>A file to upload to a Gradio app (an input image, for example).</summary>
/// <param name="Content">The file's bytes.</param>
/// <param name="FileName">The file's name as the app should see it (directories are dropped); the app keeps its extension.</param>
/// <param name="MediaType">The media type, e.g. <c>image/png</c>; <c>application/octet-stream</c> when null.</param>
public sealed record GradioUpload(ReadOnlyMemory<byte> Content, string FileName, string? MediaType = null);

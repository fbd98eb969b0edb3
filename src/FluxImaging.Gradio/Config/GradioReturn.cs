namespace FluxImaging.Gradio;

/// <summary>One output of a named endpoint, as <c>/info</c> describes it.</summary>
/// <param name="Label">The label shown in the app.</param>
/// <param name="Component">The component, e.g. <c>Image</c>, <c>Gallery</c>, <c>Number</c>, <c>Textbox</c>, <c>Button</c>.</param>
/// <param name="PythonType">The Python type, e.g. <c>filepath</c> for an image.</param>
public sealed record GradioReturn(string? Label, string Component, string? PythonType)
{
    /// <summary>True for the components that carry images (<c>Image</c>, <c>Gallery</c>, <c>ImageSlider</c>, <c>AnnotatedImage</c>).</summary>
    public bool CarriesImages => Component is "Image" or "Gallery" or "ImageSlider" or "AnnotatedImage" or "ImageEditor";
}

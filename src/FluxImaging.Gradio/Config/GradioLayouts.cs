namespace FluxImaging.Gradio.Config;

/// <summary>The two URL layouts: Gradio 4.x serves its API at the root, 5.x and later under <c>/gradio_api</c>.</summary>
internal static class GradioLayouts
{
    public const string Gradio4Prefix = "";

    public const string Gradio5Prefix = "/gradio_api";
}

using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary>Starts any emulated Space by name, so one test can run against each.</summary>
internal static class Spaces
{
    public static readonly string[] All = ["FluxDev", "FluxSchnell", "SD35Large", "Kontext", "OfficialSchnell", "Gallery", "Inpainting"];

    public static async Task<GradioSpaceEmulator> StartAsync(string name, GradioLayout? layout = null)
    {
        GradioSpaceEmulator space = name switch
        {
            "FluxDev" => await FluxDevSpace.StartAsync(),
            "FluxSchnell" => await FluxSchnellSpace.StartAsync(layout ?? GradioLayout.Gradio4),
            "SD35Large" => await StableDiffusion35LargeSpace.StartAsync(layout ?? GradioLayout.Gradio5),
            "Kontext" => await FluxKontextDevSpace.StartAsync(layout ?? GradioLayout.Gradio5),
            "OfficialSchnell" => await OfficialFluxSchnellSpace.StartAsync(layout ?? GradioLayout.Gradio5),
            "Gallery" => await ImageGallerySpace.StartAsync(layout ?? GradioLayout.Gradio5),
            "Inpainting" => await InpaintingSpace.StartAsync(layout ?? GradioLayout.Gradio5),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        if (layout is { } chosen)
        {
            space.Layout = chosen;
        }

        space.StepDelay = TimeSpan.FromMilliseconds(1);
        return space;
    }
}

namespace FluxImaging.Testing.Gradio;

/// <summary>The log lines the <c>spaces</c> package sends while it gets a GPU (<c>zerogpu.md</c> §2, queue only).</summary>
internal static class ZeroGpuLog
{
    public static SpaceStep Waiting { get; } = new SpaceStep.Log("Waiting for a GPU to become available", "info", "ZeroGPU queue");

    public static SpaceStep Acquired { get; } = new SpaceStep.Log("Successfully acquired a GPU", "success", "ZeroGPU queue");
}

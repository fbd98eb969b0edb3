namespace FluxImaging.Server.RateLimiting;

/// <summary>Marks the routes that start a generation: the only ones the concurrency limits count.</summary>
internal sealed class GenerationEndpoint
{
    public static GenerationEndpoint Marker { get; } = new();

    private GenerationEndpoint()
    {
    }
}

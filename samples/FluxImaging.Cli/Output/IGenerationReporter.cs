namespace FluxImaging.Cli.Output;

/// <summary>How a generation is shown: JSON lines for scripts, plain lines for logs, a live display on a terminal.</summary>
internal interface IGenerationReporter
{
    /// <summary>Runs the generation inside whatever display the reporter needs (a live display runs it in its own scope).</summary>
    Task<int> RunAsync(Func<IGenerationReporter, Task<int>> generation);

    void Reasoning(Reasoning reasoning);

    void Preview(ImagePreview preview, IReadOnlyList<string>? savedPaths);

    void Image(ImageResponse response, IReadOnlyList<string> savedPaths);

    void Error(FluxImagingException error);

    void Cancelled();
}

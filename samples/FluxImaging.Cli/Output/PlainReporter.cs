namespace FluxImaging.Cli.Output;

/// <summary>One readable line per event, for logs and redirected output; errors go to standard error.</summary>
internal sealed class PlainReporter(TextWriter output, TextWriter diagnostics) : IGenerationReporter
{
    private int _previews;

    public Task<int> RunAsync(Func<IGenerationReporter, Task<int>> generation) => generation(this);

    public void Reasoning(Reasoning reasoning) => output.WriteLine($"[{reasoning.Provider}] {reasoning.Status}");

    public void Preview(ImagePreview preview, IReadOnlyList<string>? savedPaths)
    {
        _previews++;
        output.WriteLine(savedPaths is null
            ? $"[{preview.Provider}] preview {preview.Step ?? _previews}"
            : $"[{preview.Provider}] preview {preview.Step ?? _previews}: {string.Join(", ", savedPaths)}");
    }

    public void Image(ImageResponse response, IReadOnlyList<string> savedPaths)
    {
        foreach (var path in savedPaths)
        {
            output.WriteLine($"Saved {path}");
        }

        output.WriteLine($"Provider {response.Provider}, model {response.Model}{(response.Seed is { } seed ? $", seed {seed}" : string.Empty)}");
    }

    public void Error(FluxImagingException error) => diagnostics.WriteLine(Describe(error));

    public void Cancelled() => diagnostics.WriteLine("Cancelled.");

    internal static string Describe(FluxImagingException error) =>
        $"Error ({ExitCodes.Name(error.Kind)}{(error.Provider is null ? string.Empty : $", {error.Provider}")}): {error.Message}"
        + (error.RetryAfter is { } retry ? $" Retry after {retry}." : string.Empty);
}

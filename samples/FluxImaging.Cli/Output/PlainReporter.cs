namespace FluxImaging.Cli.Output;

/// <summary>
/// One readable line per event, for logs and redirected output; errors go to standard error. Every text from outside
/// is printed through <see cref="PrintableText"/>.
/// </summary>
internal sealed class PlainReporter(TextWriter output, TextWriter diagnostics) : IGenerationReporter
{
    private int _previews;

    public Task<int> RunAsync(Func<IGenerationReporter, Task<int>> generation) => generation(this);

    public void Reasoning(Reasoning reasoning) =>
        output.WriteLine($"[{PrintableText.From(reasoning.Provider)}] {Severity(reasoning)}{PrintableText.From(reasoning.Status)}");

    public void Preview(ImagePreview preview, IReadOnlyList<string>? savedPaths)
    {
        _previews++;
        var provider = PrintableText.From(preview.Provider);
        output.WriteLine(savedPaths is null
            ? $"[{provider}] preview {preview.Step ?? _previews}"
            : $"[{provider}] preview {preview.Step ?? _previews}: {string.Join(", ", savedPaths.Select(PrintableText.From))}");
    }

    public void Image(ImageResponse response, IReadOnlyList<string> savedPaths)
    {
        foreach (var path in savedPaths)
        {
            output.WriteLine($"Saved {PrintableText.From(path)}");
        }

        output.WriteLine($"Provider {PrintableText.From(response.Provider)}, model {PrintableText.From(response.Model)}{(response.Seed is { } seed ? $", seed {seed}" : string.Empty)}");
    }

    public void Error(FluxImagingException error) => diagnostics.WriteLine(Describe(error));

    public void Cancelled() => diagnostics.WriteLine("Cancelled.");

    internal static string Describe(FluxImagingException error) =>
        $"Error ({ExitCodes.Name(error.Kind)}{(error.Provider is null ? string.Empty : $", {PrintableText.From(error.Provider)}")}): {PrintableText.From(error.Message)}"
        + (error.RetryAfter is { } retry ? $" Retry after {retry}." : string.Empty);

    /// <summary>A log line the upstream marked as a warning or an error says so; the generation goes on.</summary>
    internal static string Severity(Reasoning reasoning) => reasoning.Level?.ToLowerInvariant() switch
    {
        "warning" => "warning: ",
        "error" => "error: ",
        _ => string.Empty,
    };
}

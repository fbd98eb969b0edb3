using Spectre.Console;

namespace FluxImaging.Cli.Output;

/// <summary>
/// A live terminal display (Spectre.Console): status, queue position, a step progress bar and the preview count while
/// the generation runs; the saved paths, the seed and the upstream's warnings after it. Text from outside goes through
/// <see cref="Show"/>: its control characters escaped, then its <c>[</c> and <c>]</c>, which are markup here.
/// </summary>
internal sealed class LiveReporter(IAnsiConsole console) : IGenerationReporter
{
    private ProgressTask? _task;
    private int _previews;
    private string _status = "Starting";
    private readonly List<string> _summary = [];

    public async Task<int> RunAsync(Func<IGenerationReporter, Task<int>> generation)
    {
        var exitCode = await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                _task = context.AddTask(Markup.Escape(_status), maxValue: 1);
                _task.IsIndeterminate = true;
                try
                {
                    return await generation(this).ConfigureAwait(false);
                }
                finally
                {
                    _task.StopTask();
                }
            }).ConfigureAwait(false);

        foreach (var line in _summary)
        {
            console.MarkupLine(line);
        }

        return exitCode;
    }

    public void Reasoning(Reasoning reasoning)
    {
        _status = $"[bold]{Show(reasoning.Provider)}[/] {Show(reasoning.Status)}";
        if (reasoning.Step is { } step && reasoning.TotalSteps is { } total && total > 0)
        {
            _task!.IsIndeterminate = false;
            _task.MaxValue = total;
            _task.Value = step;
        }

        // A warning (ZeroGPU's token warning, a partial result) would scroll away with the status; it stays in the summary.
        if (PlainReporter.Severity(reasoning) is { Length: > 0 } severity)
        {
            _summary.Add($"[yellow]{Show(severity + reasoning.Status)}[/]");
        }

        Describe();
    }

    public void Preview(ImagePreview preview, IReadOnlyList<string>? savedPaths)
    {
        _previews++;
        Describe();
        if (savedPaths is not null)
        {
            _summary.AddRange(savedPaths.Select(p => $"[grey]preview[/] {Show(p)}"));
        }
    }

    public void Image(ImageResponse response, IReadOnlyList<string> savedPaths)
    {
        _task!.IsIndeterminate = false;
        _task.Value = _task.MaxValue;
        _status = $"[green]Done[/] with [bold]{Show(response.Provider)}[/] ({Show(response.Model)})";
        Describe();
        _summary.AddRange(savedPaths.Select(p => $"[green]Saved[/] {Show(p)}"));
        if (response.Seed is { } seed)
        {
            _summary.Add($"Seed [bold]{seed}[/]");
        }
    }

    public void Error(FluxImagingException error)
    {
        _status = $"[red]Failed[/] ({ExitCodes.Name(error.Kind)})";
        Describe();
        _summary.Add($"[red]{Markup.Escape(PlainReporter.Describe(error))}[/]");
    }

    public void Cancelled()
    {
        _status = "[yellow]Cancelled[/]";
        Describe();
    }

    private static string Show(string? text) => Markup.Escape(PrintableText.From(text));

    private void Describe() =>
        _task!.Description = _previews == 0 ? _status : $"{_status} [grey]· {_previews} preview{(_previews == 1 ? string.Empty : "s")}[/]";
}

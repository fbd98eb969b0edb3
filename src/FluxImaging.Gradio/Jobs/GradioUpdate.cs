using System.Text.Json.Nodes;

namespace FluxImaging.Gradio;

/// <summary>One thing that happened to a job; which members are set depends on <see cref="Kind"/>.</summary>
public sealed class GradioUpdate
{
    internal GradioUpdate(GradioUpdateKind kind, GradioApp app, string eventId)
    {
        Kind = kind;
        App = app;
        EventId = eventId;
    }

    /// <summary>What happened.</summary>
    public GradioUpdateKind Kind { get; }

    /// <summary>The app the job runs on (to resolve files with <see cref="GradioFile.Resolve"/>).</summary>
    public GradioApp App { get; }

    /// <summary>The job's event id.</summary>
    public string EventId { get; }

    /// <summary>The position in the queue, 1 meaning next (<see cref="GradioUpdateKind.Queued"/>).</summary>
    public int? QueuePosition { get; init; }

    /// <summary>The number of jobs in the queue (<see cref="GradioUpdateKind.Queued"/>).</summary>
    public int? QueueSize { get; init; }

    /// <summary>The estimated wait in the queue, or the function's usual run time (<see cref="GradioUpdateKind.Started"/>).</summary>
    public TimeSpan? EstimatedTime { get; init; }

    /// <summary>The progress bars (<see cref="GradioUpdateKind.Progress"/>).</summary>
    public IReadOnlyList<GradioProgressUnit> Progress { get; init; } = [];

    /// <summary>The text of a log message, control characters and markup removed (<see cref="GradioUpdateKind.Log"/>).</summary>
    public string? Message { get; init; }

    /// <summary>A log message's level: <c>info</c>, <c>warning</c>, <c>success</c> or <c>error</c>.</summary>
    public string? Level { get; init; }

    /// <summary>A log message's title, e.g. <c>ZeroGPU queue</c> (Gradio 5+).</summary>
    public string? Title { get; init; }

    /// <summary>The outputs, one per output component (<see cref="GradioUpdateKind.Generating"/>, <see cref="GradioUpdateKind.Completed"/>).</summary>
    public IReadOnlyList<JsonNode?>? Outputs { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {EventId}";
}

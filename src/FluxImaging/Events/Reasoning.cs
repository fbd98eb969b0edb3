namespace FluxImaging;

/// <summary>
/// Status and progress while a generation runs: accepted, queued (with position and ETA), started, step progress, or an
/// upstream log line such as "Waiting for a GPU".
/// </summary>
public sealed class Reasoning : ImageEvent
{
    /// <summary>Creates a status event.</summary>
    /// <param name="provider">The provider that produced it.</param>
    /// <param name="model">The model the provider ran.</param>
    /// <param name="status">A short human-readable status line.</param>
    public Reasoning(string provider, string model, string status)
        : base(provider, model)
    {
        ArgumentNullException.ThrowIfNull(status);
        Status = status;
    }

    /// <summary>A short human-readable status line, for example <c>Queued: position 2 of 5, ETA 12s</c> or <c>Step 5/28</c>.</summary>
    public string Status { get; }

    /// <summary>A label naming the stage, when the upstream gives one (for example a progress description).</summary>
    public string? Label { get; init; }

    /// <summary>A title for a log message, when the upstream gives one (for example <c>Info</c>).</summary>
    public string? Title { get; init; }

    /// <summary>The severity of a log message (<c>info</c>, <c>warning</c>, <c>success</c>, <c>error</c>), when the event is one.</summary>
    public string? Level { get; init; }

    /// <summary>The current step, when the upstream reports step progress.</summary>
    public int? Step { get; init; }

    /// <summary>The number of steps in all, when known.</summary>
    public int? TotalSteps { get; init; }

    /// <summary>Progress as a fraction from 0 to 1, when known (reported, or <see cref="Step"/> / <see cref="TotalSteps"/>).</summary>
    public double? Fraction { get; init; }

    /// <summary>The position in the upstream queue, 1 meaning next, when the job is queued.</summary>
    public int? QueuePosition { get; init; }

    /// <summary>The number of jobs in the upstream queue, when known.</summary>
    public int? QueueSize { get; init; }

    /// <summary>The upstream's estimate of the time left (in the queue, or for the run), when given.</summary>
    public TimeSpan? EstimatedTimeRemaining { get; init; }
}

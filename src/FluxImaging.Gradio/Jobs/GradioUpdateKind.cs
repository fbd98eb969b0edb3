namespace FluxImaging.Gradio;

/// <summary>What happened to a job.</summary>
public enum GradioUpdateKind
{
    /// <summary>The app accepted the job: <see cref="GradioUpdate.EventId"/> is known.</summary>
    Submitted,

    /// <summary>Queued: <see cref="GradioUpdate.QueuePosition"/>, <see cref="GradioUpdate.QueueSize"/>, <see cref="GradioUpdate.EstimatedTime"/>.</summary>
    Queued,

    /// <summary>The function started; <see cref="GradioUpdate.EstimatedTime"/> is its usual run time, when known.</summary>
    Started,

    /// <summary>Step progress: <see cref="GradioUpdate.Progress"/>.</summary>
    Progress,

    /// <summary>A message the app showed (<c>gr.Info</c>, <c>gr.Warning</c>, ZeroGPU's "Waiting for a GPU"): <see cref="GradioUpdate.Message"/>.</summary>
    Log,

    /// <summary>A generator yielded: <see cref="GradioUpdate.Outputs"/> holds every output rebuilt in full (null when an edit could not be applied).</summary>
    Generating,

    /// <summary>The job finished: <see cref="GradioUpdate.Outputs"/> holds the final outputs. Always the last update.</summary>
    Completed,
}

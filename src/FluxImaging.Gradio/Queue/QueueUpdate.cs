using System.Text.Json.Nodes;
using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio.Queue;

/// <summary>What happened to one queue job: one value per protocol message that concerns it.</summary>
internal enum QueueUpdateKind
{
    /// <summary>Joined: the event id is known.</summary>
    Joined,

    /// <summary><c>estimation</c>: queue rank, size and ETA.</summary>
    Estimation,

    /// <summary><c>process_starts</c>.</summary>
    Started,

    /// <summary><c>progress</c>.</summary>
    Progress,

    /// <summary><c>log</c> (e.g. ZeroGPU's "Waiting for a GPU").</summary>
    Log,

    /// <summary><c>process_generating</c> with diffs applied; <see cref="QueueUpdate.Outputs"/> is null when the diff could not be applied.</summary>
    Generating,

    /// <summary><c>process_completed</c> with success: the full final outputs.</summary>
    Completed,
}

/// <summary>One update of a queue job: its kind, the raw message, and the reconstructed outputs when there are some.</summary>
internal readonly record struct QueueUpdate(QueueUpdateKind Kind, QueueMessage? Message, IReadOnlyList<JsonNode?>? Outputs, string EventId);

using System.Text.Json;
using FluxImaging.Gradio.Config;

namespace FluxImaging.Gradio.Call;

/// <summary>What happened to one <c>/call</c> job.</summary>
internal enum CallUpdateKind
{
    /// <summary>The Space accepted the job (an event id was issued).</summary>
    Submitted,

    /// <summary>A <c>generating</c> event with the full intermediate outputs.</summary>
    Generating,

    /// <summary>The <c>complete</c> event with the final outputs.</summary>
    Complete,
}

/// <summary>One update of a <c>/call</c> job, with the app layout it ran against (for resolving file URLs).</summary>
internal readonly record struct CallUpdate(CallUpdateKind Kind, GradioApp App, string EventId, JsonElement Outputs);

namespace FluxImaging.Gradio;

/// <summary>A function of a Gradio app found by its <c>api_name</c>: its <c>fn_index</c>, trigger and components in wire order.</summary>
/// <param name="ApiName">The api_name without a slash, e.g. <c>infer</c>.</param>
/// <param name="FnIndex">The dependency id to send as <c>fn_index</c>.</param>
/// <param name="TriggerId">The component that triggers it (<c>targets[0][0]</c>), or null.</param>
/// <param name="Inputs">Input components in the order the wire <c>data</c> array uses; state inputs included.</param>
/// <param name="Outputs">Output components in order.</param>
/// <param name="IsGenerator">Whether it streams intermediate outputs.</param>
public sealed record GradioFunction(
    string ApiName,
    int FnIndex,
    int? TriggerId,
    IReadOnlyList<GradioComponent> Inputs,
    IReadOnlyList<GradioComponent> Outputs,
    bool IsGenerator)
{
    /// <summary>The inputs a caller fills, in order: those the API takes (state and other skipped inputs get <c>null</c> on the wire).</summary>
    public IReadOnlyList<GradioComponent> ValueInputs => Inputs.Where(i => !i.SkipApi && !i.IsState).ToArray();

    /// <summary>Whether jobs of this function go through the queue (<c>dependency.queue</c>; true when the app does not say).</summary>
    public bool UsesQueue { get; init; } = true;
}

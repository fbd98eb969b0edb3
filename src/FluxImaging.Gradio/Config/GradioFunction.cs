namespace FluxImaging.Gradio.Config;

/// <summary>A Gradio function found by its <c>api_name</c>: its <c>fn_index</c>, trigger and input components in wire order.</summary>
/// <param name="ApiName">The api_name without a slash, e.g. <c>infer</c>.</param>
/// <param name="FnIndex">The dependency id to send as <c>fn_index</c>.</param>
/// <param name="TriggerId">The component that triggers it (<c>targets[0][0]</c>), or null.</param>
/// <param name="Inputs">Input components in the order the wire <c>data</c> array uses; state inputs included.</param>
/// <param name="Outputs">Output components in order.</param>
/// <param name="IsGenerator">Whether it streams intermediate outputs.</param>
internal sealed record GradioFunction(
    string ApiName,
    int FnIndex,
    int? TriggerId,
    IReadOnlyList<GradioComponent> Inputs,
    IReadOnlyList<GradioComponent> Outputs,
    bool IsGenerator)
{
    /// <summary>The inputs a caller fills (state inputs get <c>null</c> placeholders on the wire).</summary>
    public IReadOnlyList<GradioComponent> ValueInputs => Inputs.Where(i => !i.IsState).ToArray();
}

namespace FluxImaging.Testing.Gradio;

/// <summary>Whose ZeroGPU quota a request is charged to, as the <c>spaces</c> package words its messages.</summary>
public enum ZeroGpuIdentity
{
    /// <summary>No Hugging Face token: the per-IP quota ("your ZeroGPU quota", hint: authenticate with a token).</summary>
    Anonymous,

    /// <summary>A logged-in free user, i.e. a token in <c>X-HF-Authorization</c> or <c>Authorization: Bearer hf_…</c> ("your free ZeroGPU quota").</summary>
    Free,

    /// <summary>A PRO user: a token listed in <see cref="GradioSpaceEmulator.ProTokens"/> ("your Pro ZeroGPU quota").</summary>
    Pro,
}

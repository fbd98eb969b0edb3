namespace FluxImaging.Testing.Gradio;

/// <summary>Which Gradio generation an emulated Space behaves like.</summary>
public enum GradioLayout
{
    /// <summary>Gradio 4.44: API at the root (<c>/call/…</c>, <c>/file=…</c>), repr-quoted error texts, <c>404: Session not found.</c>.</summary>
    Gradio4,

    /// <summary>Gradio 5.49: API under <c>/gradio_api</c>, slider ranges validated before running, <c>404: Not Found</c>.</summary>
    Gradio5,

    /// <summary>
    /// Gradio 6.25: as 5.x, plus <c>api_visibility</c> instead of <c>show_api</c>, <c>/call</c> errors carried as objects
    /// (text and title), <c>/call/v2/{api}</c> with named arguments, and <c>used_cache</c>/<c>avg_time</c> on completions.
    /// </summary>
    Gradio6,
}

namespace FluxImaging.Testing.Gradio;

/// <summary>Which Gradio generation an emulated Space behaves like.</summary>
public enum GradioLayout
{
    /// <summary>Gradio 4.44: API at the root (<c>/call/…</c>, <c>/file=…</c>), repr-quoted error texts, <c>404: Session not found.</c>.</summary>
    Gradio4,

    /// <summary>Gradio 5.49: API under <c>/gradio_api</c>, slider ranges validated before running, <c>404: Not Found</c>.</summary>
    Gradio5,
}

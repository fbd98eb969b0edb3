namespace FluxImaging.Gradio;

/// <summary>How a job is run.</summary>
public enum GradioProtocol
{
    /// <summary>The queue when the function uses it (the default for Gradio apps), else the <c>/call</c> API.</summary>
    Auto = 0,

    /// <summary>The queue protocol (<c>/queue/join</c> + <c>/queue/data</c>): queue position, progress, logs, previews and error texts.</summary>
    Queue,

    /// <summary>The simple <c>/call</c> API (Gradio 4.20+): results only; before Gradio 6.13 errors arrive without their text.</summary>
    Call,
}

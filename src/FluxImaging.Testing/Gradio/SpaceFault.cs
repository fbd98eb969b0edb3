namespace FluxImaging.Testing.Gradio;

/// <summary>Faults an emulated Space shows at the protocol level (HTTP-level faults go through <see cref="EmulatorHost.Faults"/>).</summary>
public enum SpaceFault
{
    /// <summary>The job fails with a hidden error: <c>event: error</c> / <c>data: null</c> on <c>/call</c>, <c>{"error": null}</c> on the queue.</summary>
    HiddenError,

    /// <summary>The job fails with ZeroGPU's quota message (with its HTML sign-up link).</summary>
    QuotaExceeded,

    /// <summary>The stream reports <c>unexpected_error</c> (queue) or an error string (<c>/call</c>).</summary>
    UnexpectedError,

    /// <summary>The submit answers an event id the Space does not know, so the stream reports "404" and aborts.</summary>
    UnknownEventId,

    /// <summary>The stream ends cleanly before any terminal event.</summary>
    EndsEarly,

    /// <summary>The stream sends only heartbeats (if any) and never a result.</summary>
    Stalls,

    /// <summary>The stream goes completely silent: no bytes at all, not even heartbeats.</summary>
    Silent,

    /// <summary>Messages of another session's event are interleaved with ours (queue only).</summary>
    ForeignEvents,

    /// <summary>A preview diff carries an unknown op (queue only); the final image still arrives.</summary>
    MalformedDiff,
}

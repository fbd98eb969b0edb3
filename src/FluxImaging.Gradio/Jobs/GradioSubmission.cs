namespace FluxImaging.Gradio;

/// <summary>One job to run: which function, with which inputs, over which protocol.</summary>
public sealed record GradioSubmission
{
    /// <summary>A job for the function named <paramref name="apiName"/>.</summary>
    /// <param name="apiName">The api_name, e.g. <c>infer</c> (with or without its slash).</param>
    /// <param name="data">
    /// One value per input the API takes (<see cref="GradioFunction.ValueInputs"/>, or the parameters of <c>/info</c>),
    /// in order; skipped inputs such as state get <c>null</c> on the wire by themselves. Values may be null, strings,
    /// booleans, numbers, <see cref="System.Text.Json.JsonElement"/>s, <see cref="System.Text.Json.Nodes.JsonNode"/>s,
    /// <see cref="GradioFile"/>s, or lists of those.
    /// </param>
    public GradioSubmission(string apiName, IReadOnlyList<object?> data)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiName);
        ArgumentNullException.ThrowIfNull(data);
        ApiName = apiName.TrimStart('/');
        Data = data;
    }

    /// <summary>The api_name without its slash.</summary>
    public string ApiName { get; }

    /// <summary>The inputs, one per input the API takes.</summary>
    public IReadOnlyList<object?> Data { get; }

    /// <summary>The protocol; <see cref="GradioProtocol.Auto"/> by default.</summary>
    public GradioProtocol Protocol { get; init; }

    /// <summary>Headers sent on the submitting request only (the queue join, or the <c>/call</c> POST), e.g. ZeroGPU's.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The function to run when the app's <c>/config</c> cannot say (unreadable, or no such api_name): a known
    /// <c>fn_index</c> and trigger. Ignored when discovery finds the function.
    /// </summary>
    public GradioFunction? Fallback { get; init; }
}

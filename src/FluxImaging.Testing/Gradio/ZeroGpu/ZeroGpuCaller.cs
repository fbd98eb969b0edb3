namespace FluxImaging.Testing.Gradio;

/// <summary>
/// Who called, as ZeroGPU sees it (<c>zerogpu.md</c> §4): the Hugging Face token from <c>X-HF-Authorization</c> (the
/// Python client) or <c>Authorization</c> (the JavaScript client, curl), and whether it is an API call
/// (<c>x-gradio-user</c> ≠ <c>app</c>), which adds a hint to quota texts.
/// </summary>
internal readonly record struct ZeroGpuCaller(ZeroGpuIdentity Identity, bool ApiCall)
{
    public static ZeroGpuCaller From(IReadOnlyDictionary<string, string> headers, ICollection<string> proTokens)
    {
        var token = TokenIn(headers.GetValueOrDefault("X-HF-Authorization")) ?? TokenIn(headers.GetValueOrDefault("Authorization"));
        var identity = token is null ? ZeroGpuIdentity.Anonymous : proTokens.Contains(token) ? ZeroGpuIdentity.Pro : ZeroGpuIdentity.Free;
        var apiCall = !string.Equals(headers.GetValueOrDefault("x-gradio-user"), "app", StringComparison.Ordinal);
        return new ZeroGpuCaller(identity, apiCall);
    }

    private static string? TokenIn(string? header) =>
        header is not null && header.StartsWith("Bearer hf_", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
}

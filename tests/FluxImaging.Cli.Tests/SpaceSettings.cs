namespace FluxImaging.Cli.Tests;

/// <summary>
/// The configuration a user writes to put a Space behind <c>fluximg</c>: <c>FluxImaging:Spaces:&lt;Name&gt;:Endpoint</c>
/// (an emulator here), its models if it has no preset, and a Hugging Face API nowhere reachable, so no test leaves
/// the machine even where a Space id would send the runtime check to huggingface.co.
/// </summary>
internal static class SpaceSettings
{
    public static (string Key, string? Value)[] For(string name, Uri endpoint, params string[] models) =>
    [
        ($"FluxImaging:Spaces:{name}:Endpoint", endpoint.AbsoluteUri),
        ($"FluxImaging:Spaces:{name}:HuggingFaceEndpoint", "http://127.0.0.1:9"),
        .. models.Select((model, i) => ($"FluxImaging:Spaces:{name}:Models:{i}", (string?)model)),
    ];
}

namespace FluxImaging.Testing;

/// <summary>
/// Texts and URLs a hostile upstream sends where a client expects harmless ones: for Space error texts and log lines
/// (<see cref="Gradio.GradioSpaceEmulator.FailNext(string, string?, int)"/>, <see cref="Gradio.GradioSpaceEmulator.LogNext"/>),
/// ImageLabs error messages, OpenAI error bodies (<see cref="Fault.Status"/>) and file URLs
/// (<see cref="Gradio.GradioSpaceEmulator.FileUrlOverride"/>).
/// </summary>
public static class HostileText
{
    /// <summary>
    /// Every kind of control character a terminal or a log reader acts on: ESC sequences (clear screen, colour), BEL,
    /// a bare CR, an LF that forges a new log line, a C1 CSI (U+009B) and a NUL.
    /// </summary>
    public const string ControlCharacters = "GPU quota\u001b[2J\u001b[31m red\u0007 bell\rCR\nINFO forged log line\u009b31m C1\u0000 end";

    /// <summary>The control characters <see cref="ControlCharacters"/> contains, for assertions that none got through.</summary>
    public static IReadOnlyList<char> Controls { get; } = ['\u001b', '\u0007', '\r', '\n', '\u009b', '\u0000'];

    /// <summary>A FileData URL that reads a local file.</summary>
    public const string FileUrl = "file:///etc/passwd";

    /// <summary>A FileData URL that runs script in a browser.</summary>
    public const string JavaScriptUrl = "javascript:alert(1)";

    /// <summary>A <c>data:</c> URL carrying the bytes themselves: legitimate, and a client may accept it.</summary>
    /// <param name="bytes">The image bytes.</param>
    /// <param name="mediaType">Their media type.</param>
    /// <returns>The URL.</returns>
    public static string DataUrl(ReadOnlySpan<byte> bytes, string mediaType = "image/png") => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";
}

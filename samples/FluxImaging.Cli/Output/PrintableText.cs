using FluxImaging.Providers;

namespace FluxImaging.Cli.Output;

/// <summary>
/// Text from outside — an upstream's status or error, a provider or model name from configuration, a path the user
/// chose — as the CLI prints it: control characters (ESC, BEL, CR, LF, C1) and bidirectional overrides become visible
/// escapes such as <c>\u001B</c>, so nothing printed can drive the terminal, rewrite a line or forge one.
/// </summary>
internal static class PrintableText
{
    /// <summary>Long enough for any message the library writes; a longer text is cut with an ellipsis.</summary>
    private const int MaxLength = 4 * 1024;

    public static string From(string? text) => UpstreamText.Echo(text, MaxLength);
}

using Microsoft.Extensions.Logging;

namespace FluxImaging.Pollinations;

/// <summary>Every log message of the Pollinations provider. Prompts are never logged; credentials never.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{Provider}: the prompt was shortened from {Original} to {Kept} characters to fit the URL limit of {MaxUrlLength} bytes.")]
    public static partial void PromptShortened(ILogger logger, string provider, int original, int kept, int maxUrlLength);

    [LoggerMessage(2, LogLevel.Warning, "{Provider}: image {Index} of {Count} failed ({Kind}): {Message}. Returning the {Done} image(s) made before it.")]
    public static partial void LaterImageFailed(ILogger logger, string provider, int index, int count, FluxImagingErrorKind kind, string message, int done);
}

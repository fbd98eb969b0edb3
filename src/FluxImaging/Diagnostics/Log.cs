using Microsoft.Extensions.Logging;

namespace FluxImaging.Diagnostics;

/// <summary>Every log message of the core package. Prompts are logged at Trace only; credentials never.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "{Provider}: retrying {Operation} (attempt {Attempt}) in {Delay} after {Reason}.")]
    public static partial void RetryingRequest(ILogger logger, string provider, string operation, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(2, LogLevel.Warning, "{Provider}: the HTTP request budget of {Budget} ran out.")]
    public static partial void RequestBudgetExhausted(ILogger logger, string provider, TimeSpan budget);

    [LoggerMessage(3, LogLevel.Information, "Generating with {Provider} ({Model}).")]
    public static partial void GenerationStarting(ILogger logger, string provider, string model);

    [LoggerMessage(4, LogLevel.Trace, "Prompt for {Provider}: {Prompt}")]
    public static partial void GenerationPrompt(ILogger logger, string provider, string prompt);

    [LoggerMessage(5, LogLevel.Warning, "{Provider} failed before producing an image ({Kind}): {Message}. Trying the next provider.")]
    public static partial void ProviderFailedFallingBack(ILogger logger, string provider, FluxImagingErrorKind kind, string message);

    [LoggerMessage(6, LogLevel.Warning, "Generation with {Provider} failed ({Kind}): {Message}")]
    public static partial void GenerationFailed(ILogger logger, string provider, FluxImagingErrorKind kind, string message);

    [LoggerMessage(7, LogLevel.Information, "{Provider} finished in {Duration}.")]
    public static partial void GenerationCompleted(ILogger logger, string provider, TimeSpan duration);
}

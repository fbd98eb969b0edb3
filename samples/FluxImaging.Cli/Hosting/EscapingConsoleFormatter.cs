using FluxImaging.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace FluxImaging.Cli.Hosting;

/// <summary>
/// The CLI's log format on standard error: one line per entry (<c>warn: Category[312] message</c>) whose message has its
/// control characters escaped, because library warnings repeat what upstreams said (a partial result's reason, a
/// Space's log line) and the console logger would otherwise pass their terminal escapes and forged lines through.
/// </summary>
internal sealed class EscapingConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "fluximg";

    private const int MaxMessageLength = 4 * 1024;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write($"{Level(logEntry.LogLevel)}: {UpstreamText.Echo(logEntry.Category, 512)}[{logEntry.EventId.Id}] {UpstreamText.Echo(message, MaxMessageLength)}\n");
        for (var exception = logEntry.Exception; exception is not null; exception = exception.InnerException)
        {
            textWriter.Write($"      {exception.GetType().FullName}: {UpstreamText.Echo(exception.Message, MaxMessageLength)}\n");
            foreach (var line in exception.StackTrace?.Split('\n') ?? [])
            {
                textWriter.Write($"      {UpstreamText.Echo(line.TrimEnd('\r'), MaxMessageLength)}\n");
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

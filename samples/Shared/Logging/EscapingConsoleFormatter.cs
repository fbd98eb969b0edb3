using FluxImaging.Providers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using IExternalScopeProvider = Microsoft.Extensions.Logging.IExternalScopeProvider;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace FluxImaging.Samples.Logging;

/// <summary>
/// The console format of <c>fluximg</c> and the server: one line per entry (<c>warn: Category[301] message</c>) in which
/// the message — whoever logged it: the host, the library, ASP.NET Core — has its control characters escaped and is cut
/// to <see cref="MaxMessageLength"/> characters, so text from a client or an upstream (a Space's log line, a partial
/// result's reason) can neither forge a line nor drive the terminal. An exception follows on indented lines: its type
/// and escaped message, then its stack trace. Both hosts compile this one file.
/// </summary>
internal sealed class EscapingConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "fluximaging";

    /// <summary>The longest message one entry prints.</summary>
    public const int MaxMessageLength = 8 * 1024;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(UpstreamText.Echo(logEntry.Category, 512));
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(UpstreamText.Echo(message, MaxMessageLength));
        textWriter.Write('\n');
        for (var exception = logEntry.Exception; exception is not null; exception = exception.InnerException)
        {
            textWriter.Write("      ");
            textWriter.Write(exception.GetType().FullName);
            textWriter.Write(": ");
            textWriter.Write(UpstreamText.Echo(exception.Message, MaxMessageLength));
            textWriter.Write('\n');
            if (exception.StackTrace is { } trace)
            {
                foreach (var line in trace.Split('\n'))
                {
                    textWriter.Write("      ");
                    textWriter.Write(UpstreamText.Echo(line.TrimEnd('\r'), MaxMessageLength));
                    textWriter.Write('\n');
                }
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

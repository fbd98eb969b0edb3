using System.Collections.Concurrent;
using FluxImaging.Samples.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace FluxImaging.Server.Tests.Support;

/// <summary>
/// Records every log entry exactly as the server's console would print it: through the server's own console
/// formatter, into memory instead of the terminal.
/// </summary>
internal sealed class ConsoleCapture(IEnumerable<ConsoleFormatter> formatters) : ILoggerProvider
{
    private readonly ConsoleFormatter _formatter = formatters.Single(f => f.Name == EscapingConsoleFormatter.FormatterName);
    private readonly ConcurrentQueue<string> _printed = new();

    /// <summary>Everything printed so far.</summary>
    public string Text => string.Concat(_printed);

    /// <summary>The printed lines so far.</summary>
    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConsoleCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            capture._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, writer);
            capture._printed.Enqueue(writer.ToString());
        }
    }
}

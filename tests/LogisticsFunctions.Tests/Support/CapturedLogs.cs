using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LogisticsFunctions.Tests.Support;

/// <summary>Keeps every log line of every category at every level, exception text included.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The formatted line, the raw state (structured values) and the whole exception: all of it could leak.
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {state} | {exception}");
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>A logging provider that keeps what the server logged, so a test can check what an operator is told.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogCaptureEntry> _entries = new();

    public IReadOnlyCollection<LogCaptureEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue(new LogCaptureEntry(category, logLevel, formatter(state, exception)));
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>A logging provider that keeps what the server logged, so a test can check what an operator is told.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogCaptureEntry> _entries = new();
    private readonly List<(Func<LogCaptureEntry, bool> Match, TaskCompletionSource<LogCaptureEntry> Found)> _waiters = [];

    public IReadOnlyCollection<LogCaptureEntry> Entries => _entries;

    /// <summary>A barrier: the first entry, logged already or still to come, for which <paramref name="match"/> holds.</summary>
    public Task<LogCaptureEntry> WhenLogged(Func<LogCaptureEntry, bool> match)
    {
        var found = new TaskCompletionSource<LogCaptureEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_entries.FirstOrDefault(match) is { } entry)
            {
                return Task.FromResult(entry);
            }

            _waiters.Add((match, found));
        }

        return found.Task;
    }

    private void Add(LogCaptureEntry entry)
    {
        lock (_waiters)
        {
            _entries.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    _waiters[i].Found.TrySetResult(entry);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

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
            capture.Add(new LogCaptureEntry(category, logLevel, formatter(state, exception)));
    }
}

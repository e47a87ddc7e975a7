using Microsoft.Extensions.Logging;

namespace OrleansRpc.Gateway.Connections;

/// <summary>What the slow-consumer policy did, counted, and logged at most once per interval.</summary>
public sealed class GatewayCounters(ILogger<GatewayCounters> logger)
{
    private static readonly long s_logInterval = TimeSpan.FromSeconds(10).Ticks;
    private long _slowConsumersClosed;
    private long _notificationsDropped;
    // Ticks of the last log line; zero, so the first is logged (long.MinValue overflowed the subtraction and never logged).
    private long _lastLog;

    public long SlowConsumersClosed => Interlocked.Read(ref _slowConsumersClosed);

    public long NotificationsDropped => Interlocked.Read(ref _notificationsDropped);

    internal void SlowConsumerClosed(string connectionId)
    {
        Interlocked.Increment(ref _slowConsumersClosed);
        LogThrottled(connectionId);
    }

    internal void NotificationDropped(string connectionId)
    {
        Interlocked.Increment(ref _notificationsDropped);
        LogThrottled(connectionId);
    }

    private void LogThrottled(string connectionId)
    {
        var now = DateTime.UtcNow.Ticks;
        var last = Interlocked.Read(ref _lastLog);
        if (now - last < s_logInterval || Interlocked.CompareExchange(ref _lastLog, now, last) != last)
        {
            return;
        }

        logger.LogWarning(
            "Slow consumers: {Closed} connections closed and {Dropped} notifications dropped so far (latest: {ConnectionId}).",
            SlowConsumersClosed,
            NotificationsDropped,
            connectionId);
    }
}

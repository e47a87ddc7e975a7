using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Diagnostics;

namespace OrleansRpc.Gateway.Connections;

/// <summary>What the slow-consumer policy did, counted, and logged at most once per interval.</summary>
public sealed class GatewayCounters(ILogger<GatewayCounters> logger)
{
    private long _slowConsumersClosed;
    private long _notificationsDropped;
    private readonly LogThrottle _log = new(TimeSpan.FromSeconds(10));

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
        if (!_log.TryEnter())
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

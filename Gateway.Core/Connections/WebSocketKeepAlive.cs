using Microsoft.Extensions.Hosting;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Pings every WebSocket once per <see cref="JsonRpcOptions.KeepAliveInterval"/> and cuts those from
/// which nothing at all arrives within <see cref="JsonRpcOptions.KeepAliveTimeout"/> of a ping. One timer for
/// every connection, walking them a few times per period, rather than a timer each: an idle connection
/// then costs three fields.
/// </summary>
internal sealed class WebSocketKeepAlive(ConnectionDirectory directory, JsonRpcOptions options) : BackgroundService
{
    /// <summary>Walks per period; a timeout is noticed at most this fraction of it late.</summary>
    private const int WalksPerPeriod = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.KeepAliveInterval;
        if (interval <= TimeSpan.Zero || interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        var timeout = options.KeepAliveTimeout;
        var timeoutMs = timeout == Timeout.InfiniteTimeSpan ? -1 : (long)timeout.TotalMilliseconds;
        var shortest = timeoutMs < 0 ? interval : TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds, timeoutMs));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(shortest.TotalMilliseconds / WalksPerPeriod, 1)));
        var intervalMs = (long)interval.TotalMilliseconds;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Environment.TickCount64;
                foreach (var connection in directory.WebSockets)
                {
                    connection.KeepAlive(now, intervalMs, timeoutMs);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

using Microsoft.Extensions.Hosting;
using OrleansRpc.Gateway.Hosting;

using OrleansRpc.Gateway.Delivery;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Pings every WebSocket once per <see cref="JsonRpcOptions.KeepAliveInterval"/>, cuts those from which
/// nothing at all arrives within <see cref="JsonRpcOptions.KeepAliveTimeout"/> of a ping, and closes with
/// 1008 those whose message takes longer than <see cref="JsonRpcOptions.MaxMessageTime"/> or that read
/// nothing of what was sent within <see cref="JsonRpcOptions.WriteTimeout"/>. One timer for
/// every connection, walking them a few times per period, rather than a timer each: an idle connection
/// then costs three fields.
/// </summary>
internal sealed class WebSocketKeepAlive(NodeConnections directory, JsonRpcOptions options) : BackgroundService
{
    /// <summary>Walks per period; a timeout is noticed at most this fraction of it late.</summary>
    private const int WalksPerPeriod = 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var intervalMs = Milliseconds(options.KeepAliveInterval);
        var timeoutMs = Milliseconds(options.KeepAliveTimeout);
        var messageMs = Milliseconds(options.MaxMessageTime);
        var writeMs = Milliseconds(options.WriteTimeout);
        var shortest = new[] { intervalMs, timeoutMs, messageMs, writeMs }.Where(ms => ms > 0).DefaultIfEmpty(-1).Min();
        if (intervalMs < 0 && messageMs < 0 && writeMs < 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(shortest / WalksPerPeriod, 1)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Environment.TickCount64;
                foreach (var connection in directory.WebSockets)
                {
                    try
                    {
                        connection.Socket.KeepAlive(now, intervalMs, timeoutMs, messageMs, writeMs);
                    }
                    catch (Exception ex)
                    {
                        // One connection's fault ends that connection, never the walk: a background
                        // service that throws stops the whole host.
                        connection.Fault(ex);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A period in milliseconds; -1 for none (zero, negative or infinite).</summary>
    private static long Milliseconds(TimeSpan period) =>
        period <= TimeSpan.Zero || period == Timeout.InfiniteTimeSpan ? -1 : (long)period.TotalMilliseconds;
}

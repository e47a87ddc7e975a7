using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Diagnostics;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Admits new TCP connections at a steady rate, node-wide, so that a herd of clients arriving at once (the
/// clients of a node that died, reconnecting) cannot take the CPU from the connections already open. A
/// connection past the rate is not refused: it waits, accepted but unread, which costs no CPU, where a
/// refusal would cost an accepted connection, a parsed request and the client's retry (Benchmarks/Findings.md,
/// "The reconnect storm"). Requests on connections already open are never paced.
/// </summary>
internal sealed class ConnectionPacing : IDisposable
{
    private readonly TokenBucketRateLimiter? _limiter;
    private readonly ILogger<ConnectionPacing> _logger;
    private readonly LogThrottle _log = new(TimeSpan.FromSeconds(10));

    /// <param name="perSecond">New connections admitted per second; zero or less: all at once.</param>
    public ConnectionPacing(int perSecond, ILogger<ConnectionPacing> logger)
    {
        PerSecond = perSecond;
        _logger = logger;
        if (perSecond > 0)
        {
            // A tenth of a second's worth at a time (or one at a time, below ten a second), so that a herd is
            // spread over the second rather than let in at its start.
            var perPeriod = Math.Max(1, perSecond / 10);
            _limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = perPeriod,
                TokensPerPeriod = perPeriod,
                ReplenishmentPeriod = TimeSpan.FromSeconds((double)perPeriod / perSecond),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }

    public int PerSecond { get; }

    public bool Paces => _limiter is not null;

    public Func<ConnectionDelegate, ConnectionDelegate> Enforce => next => async connection =>
    {
        using (var now = _limiter!.AttemptAcquire())
        {
            if (!now.IsAcquired)
            {
                Waiting();
                try
                {
                    // No longer than the connection stays open: one its client closes meanwhile leaves the queue.
                    using var turn = await _limiter.AcquireAsync(1, connection.ConnectionClosed);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        await next(connection);
    };

    /// <summary>Information, at most every 10 s: a herd is what the pacing is for, and no reason to fill the log.</summary>
    private void Waiting()
    {
        if (_log.TryEnter())
        {
            _logger.LogInformation(
                "New connections arrive faster than {PerSecond} a second (JsonRpcOptions.MaxNewConnectionsPerSecond): they wait for their turn ({Waiting} waiting).",
                PerSecond,
                _limiter!.GetStatistics()?.CurrentQueuedCount ?? 0);
        }
    }

    public void Dispose() => _limiter?.Dispose();
}

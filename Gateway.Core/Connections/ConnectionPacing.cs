using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Diagnostics;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Admits new TCP connections at a steady rate, node-wide, so that a herd of clients arriving at once (the
/// clients of a node that died, reconnecting) cannot take the CPU from the connections already open. The
/// turns are taken where Kestrel accepts (<see cref="PacedConnectionListener"/>): a connection past the rate
/// is not refused, and not accepted either; it waits in the kernel's listen backlog, where it costs the
/// process nothing. Held accepted and unread instead, a herd of 10,000 cost the survivor of a crash as much
/// as serving it (ARCHITECTURE.md, "Limits"). Requests on connections already open are never paced.
/// </summary>
internal sealed class ConnectionPacing : IDisposable
{
    private readonly TokenBucketRateLimiter? _limiter;
    private readonly ILogger<ConnectionPacing> _logger;
    private readonly LogThrottle _log = new(TimeSpan.FromSeconds(10));
    private long _waited;

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

                // One waiter per endpoint at most: each listener's accept loop waits for its turn in turn.
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            });
        }
    }

    public int PerSecond { get; }

    public bool Paces => _limiter is not null;

    /// <summary>Connections that arrived past the pace and waited for their turn.</summary>
    public long Waited => Interlocked.Read(ref _waited);

    /// <summary>Takes the next connection's turn if the node is within its pace.</summary>
    public bool TryTakeTurn()
    {
        using var now = _limiter!.AttemptAcquire();
        return now.IsAcquired;
    }

    /// <summary>Waits for the next connection's turn, once <see cref="TryTakeTurn"/> found none.</summary>
    public async ValueTask WaitForTurnAsync(CancellationToken cancellationToken)
    {
        Waiting();
        using var turn = await _limiter!.AcquireAsync(1, cancellationToken);
    }

    /// <summary>Information, at most every 10 s: a herd is what the pacing is for, and no reason to fill the log.</summary>
    private void Waiting()
    {
        var waited = Interlocked.Increment(ref _waited);
        if (_log.TryEnter())
        {
            _logger.LogInformation(
                "New connections arrive faster than {PerSecond} a second (JsonRpcOptions.MaxNewConnectionsPerSecond): the next ones wait for their turn in the listen backlog ({Waited} have waited so far).",
                PerSecond,
                waited);
        }
    }

    public void Dispose() => _limiter?.Dispose();
}

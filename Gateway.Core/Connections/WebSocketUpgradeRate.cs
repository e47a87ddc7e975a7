using System.Net;
using System.Threading.RateLimiting;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// WebSocket upgrades per second per remote address (<c>JsonRpcOptions.MaxWebSocketUpgradesPerSecondPerAddress</c>):
/// a token bucket per address from System.Threading.RateLimiting, holding a second's worth, so that a
/// client reconnecting in a loop cannot make the server open connections (and their grains) as fast as it
/// asks. Checked before the upgrade, so a refusal costs a 429 and nothing held. The library drops the
/// buckets of addresses that stay quiet.
/// </summary>
public sealed class WebSocketUpgradeRate : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;
    private long _refused;

    /// <param name="perSecond">Zero or less: no limit.</param>
    public WebSocketUpgradeRate(int perSecond)
    {
        PerSecond = perSecond;
        if (perSecond > 0)
        {
            _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(
                address,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        }
    }

    public int PerSecond { get; }

    /// <summary>Upgrades refused because their address had used its second's worth.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Takes an upgrade from the address's bucket; an unknown address always gets one.</summary>
    public bool TryAcquire(IPAddress? address)
    {
        if (_limiter is null || address is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            Interlocked.Increment(ref _refused);
        }

        return lease.IsAcquired;
    }

    public void Dispose() => _limiter?.Dispose();
}

using System.Net;
using System.Threading.RateLimiting;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// So many a second per remote address: a token bucket per address from System.Threading.RateLimiting
/// (what ASP.NET Core's rate limiting is built on), holding a second's worth, with no queue. The library
/// drops the buckets of addresses that stay quiet.
/// </summary>
internal sealed class AddressRate : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;
    private long _refused;

    /// <param name="perSecond">Zero or less: no limit.</param>
    public AddressRate(int perSecond)
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

    public bool IsLimited => _limiter is not null;

    /// <summary>Refused because their address had used its second's worth.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Takes one from the address's bucket; an unknown address always gets one.</summary>
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

using System.Net;

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
    private readonly AddressRate _rate;

    /// <param name="perSecond">Zero or less: no limit.</param>
    public WebSocketUpgradeRate(int perSecond)
    {
        _rate = new AddressRate(perSecond);
    }

    public int PerSecond => _rate.PerSecond;

    /// <summary>Upgrades refused because their address had used its second's worth.</summary>
    public long Refused => _rate.Refused;

    /// <summary>Takes an upgrade from the address's bucket; an unknown address always gets one.</summary>
    public bool TryAcquire(IPAddress? address) => _rate.TryAcquire(address);

    public void Dispose() => _rate.Dispose();
}

using System.Net;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Open WebSockets per remote address, capped at <c>JsonRpcOptions.MaxWebSocketsPerAddress</c>, so that one
/// client cannot hold the whole connection budget. Checked before the upgrade, so a refusal costs a 503
/// and nothing held. The default is high because users behind one NAT share an address.
/// </summary>
public sealed class WebSocketsPerAddress(int limit)
{
    private readonly AddressCounts _open = new();
    private long _refused;

    public int Limit { get; } = limit;

    /// <summary>Upgrades refused because their address was at its limit.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Counts a WebSocket of the address in, unless it is at its limit; an unknown address always gets in.</summary>
    public bool TryEnter(IPAddress? address)
    {
        if (address is null || _open.TryEnter(address, Limit))
        {
            return true;
        }

        Interlocked.Increment(ref _refused);
        return false;
    }

    /// <summary>A WebSocket that <see cref="TryEnter"/> let in has ended.</summary>
    public void Exit(IPAddress? address)
    {
        if (address is not null)
        {
            _open.Exit(address);
        }
    }
}

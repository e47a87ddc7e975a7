using System.Collections.Concurrent;
using System.Net;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Open WebSockets per remote address, capped at <c>JsonRpcOptions.MaxWebSocketsPerAddress</c>, so that one
/// client cannot hold the whole connection budget. Checked before the upgrade, so a refusal costs a 503
/// and nothing held. The default is high because users behind one NAT share an address.
/// </summary>
public sealed class WebSocketsPerAddress(int limit)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();
    private long _refused;

    public int Limit { get; } = limit;

    /// <summary>Upgrades refused because their address was at its limit.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Counts a WebSocket of the address in, unless it is at its limit; an unknown address always gets in.</summary>
    public bool TryEnter(IPAddress? address)
    {
        if (address is null)
        {
            return true;
        }

        while (true)
        {
            if (!_open.TryGetValue(address, out var open))
            {
                if (_open.TryAdd(address, 1))
                {
                    return true;
                }

                continue;
            }

            if (open >= Limit)
            {
                Interlocked.Increment(ref _refused);
                return false;
            }

            if (_open.TryUpdate(address, open + 1, open))
            {
                return true;
            }
        }
    }

    /// <summary>A WebSocket that <see cref="TryEnter"/> let in has ended.</summary>
    public void Exit(IPAddress? address)
    {
        if (address is null)
        {
            return;
        }

        while (_open.TryGetValue(address, out var open))
        {
            // The last one out removes the entry, so that addresses seen once are not kept for ever.
            if (open == 1 ? _open.TryRemove(new KeyValuePair<IPAddress, int>(address, 1)) : _open.TryUpdate(address, open - 1, open))
            {
                return;
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Net;

namespace OrleansRpc.Gateway.Connections;

/// <summary>What each remote address holds at once, each kept under a limit; an address is forgotten when it holds nothing.</summary>
internal sealed class AddressCounts
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    /// <summary>Counts one more for the address, unless it holds <paramref name="limit"/> already.</summary>
    public bool TryEnter(IPAddress address, int limit)
    {
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

            if (open >= limit)
            {
                return false;
            }

            if (_open.TryUpdate(address, open + 1, open))
            {
                return true;
            }
        }
    }

    /// <summary>Whether the address holds <paramref name="limit"/> already: a read, which the next <see cref="TryEnter"/> may find changed.</summary>
    public bool IsFull(IPAddress address, int limit) => _open.TryGetValue(address, out var open) && open >= limit;

    /// <summary>One that <see cref="TryEnter"/> let in has ended.</summary>
    public void Exit(IPAddress address)
    {
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

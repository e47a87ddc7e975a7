namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// The streamed results a WebSocket has open, by token. At most <see cref="MaxOpen"/>: each holds at most
/// one of Orleans's batches at the gateway and the grain's enumerator on its node, so a client that opens
/// sequences and never pulls them holds a bounded amount (ARCHITECTURE.md, "Streamed results").
/// </summary>
internal sealed class ConnectionEnumerations
{
    /// <summary>Open sequences one connection may hold.</summary>
    public const int MaxOpen = 64;

    private readonly Dictionary<long, Enumeration> _open = [];
    private long _lastToken;
    private bool _closed;

    /// <summary>False when the connection has <see cref="MaxOpen"/> open already, or has closed.</summary>
    public bool TryAdd(Enumeration enumeration, out long token)
    {
        lock (_open)
        {
            if (_closed || _open.Count >= MaxOpen)
            {
                token = 0;
                return false;
            }

            token = ++_lastToken;
            _open.Add(token, enumeration);
            return true;
        }
    }

    public bool TryGet(long token, out Enumeration enumeration)
    {
        lock (_open)
        {
            return _open.TryGetValue(token, out enumeration!);
        }
    }

    /// <summary>Forgets a sequence and stops it; false when the token names none (finished, aborted or never opened).</summary>
    public async ValueTask<bool> RemoveAsync(long token)
    {
        Enumeration? enumeration;
        lock (_open)
        {
            if (!_open.Remove(token, out enumeration))
            {
                return false;
            }
        }

        await enumeration.DisposeAsync();
        return true;
    }

    /// <summary>The connection has closed: every sequence it had open stops, and none opens after.</summary>
    public async ValueTask CloseAsync()
    {
        Enumeration[] open;
        lock (_open)
        {
            _closed = true;
            open = [.. _open.Values];
            _open.Clear();
        }

        foreach (var enumeration in open)
        {
            await enumeration.DisposeAsync();
        }
    }
}

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// A WebSocket's calls that a client may cancel by id (<c>$/cancelRequest</c>, the Language Server
/// Protocol's and StreamJsonRpc's notification): those in progress whose method takes a
/// <see cref="CancellationToken"/>. Keyed by the id's JSON text as the request wrote it. At most as many
/// as the connection's calls in flight (<c>MaxInFlightPerConnection</c>); made when a method first asks.
/// </summary>
internal sealed class CallCancellations
{
    private readonly Dictionary<string, CancellationTokenSource> _byId = new(StringComparer.Ordinal);

    /// <summary>False when a call with the same id is already in progress: the later one cannot be cancelled by id.</summary>
    public bool TryAdd(string id, CancellationTokenSource cancellation)
    {
        lock (_byId)
        {
            return _byId.TryAdd(id, cancellation);
        }
    }

    /// <summary>Forgets the call once it is answered, if the entry is still its own.</summary>
    public void Remove(string id, CancellationTokenSource cancellation)
    {
        lock (_byId)
        {
            if (_byId.TryGetValue(id, out var registered) && registered == cancellation)
            {
                _byId.Remove(id);
            }
        }
    }

    /// <summary>Cancels the call in progress with this id; an unknown or finished id is ignored.</summary>
    public bool TryCancel(string id)
    {
        CancellationTokenSource? cancellation;
        lock (_byId)
        {
            _byId.TryGetValue(id, out cancellation);
        }

        if (cancellation is null)
        {
            return false;
        }

        try
        {
            // Outside the lock: cancelling runs the callbacks, Orleans's signal to the grain among them.
            cancellation.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The call was answered and forgot its source in between.
            return false;
        }
    }
}

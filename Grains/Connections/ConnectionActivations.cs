using System.Collections.Concurrent;
using Orleans;
using Orleans.Runtime;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// The activations on this node that live per connection (the connection grain and the application's
/// per-connection grains), by connection id, so that closing a connection deactivates exactly those that
/// exist: a grain call would activate the ones that do not.
/// </summary>
public sealed class ConnectionActivations
{
    private static readonly DeactivationReason s_closed = new(DeactivationReasonCode.ApplicationRequested, "The connection closed.");

    private readonly ConcurrentDictionary<string, List<IGrainContext>> _byConnection = new(StringComparer.Ordinal);

    /// <summary>How many connections have per-connection activations here.</summary>
    public int Count => _byConnection.Count;

    internal void Add(IGrainContext context)
    {
        var list = _byConnection.GetOrAdd(context.GrainId.Key.ToString(), static _ => []);
        lock (list)
        {
            list.Add(context);
        }
    }

    internal void Remove(IGrainContext context)
    {
        var key = context.GrainId.Key.ToString();
        if (_byConnection.TryGetValue(key, out var list))
        {
            lock (list)
            {
                list.Remove(context);
                if (list.Count == 0)
                {
                    _byConnection.TryRemove(new KeyValuePair<string, List<IGrainContext>>(key, list));
                }
            }
        }
    }

    /// <summary>Deactivates the connection's activations on this node, once their current calls finish.</summary>
    public void Deactivate(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var list))
        {
            return;
        }

        IGrainContext[] contexts;
        lock (list)
        {
            contexts = [.. list];
        }

        foreach (var context in contexts)
        {
            context.Deactivate(s_closed);
        }
    }
}

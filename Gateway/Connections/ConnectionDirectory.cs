using System.Collections.Concurrent;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// The connections open on this node. Opening records a connection's facts for its grain; closing, which
/// happens however the connection ends, deactivates every grain that lives per connection.
/// </summary>
internal sealed class ConnectionDirectory : IConnectionDirectory
{
    private readonly ConcurrentDictionary<string, RpcConnectionInfo> _open = new(StringComparer.Ordinal);
    private readonly GrainClass[] _perConnection;

    public ConnectionDirectory(MethodTable methods, GrainCatalog catalog)
    {
        _perConnection = [.. methods.ConnectionScopedGrainClasses.Append(catalog.GetGrainClass(typeof(IConnectionGrain))).Distinct()];
    }

    public int Count => _open.Count;

    public bool TryGet(string connectionId, out RpcConnectionInfo info) => _open.TryGetValue(connectionId, out info!);

    public void Open(RpcConnectionInfo info) => _open[info.ConnectionId] = info;

    public void Close(string connectionId, string why)
    {
        _open.TryRemove(connectionId, out _);
        var reason = new DeactivationReason(DeactivationReasonCode.ApplicationRequested, why);
        foreach (var grainClass in _perConnection)
        {
            _ = grainClass.DeactivateAsync(connectionId, reason);
        }
    }
}

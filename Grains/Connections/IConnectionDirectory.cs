using OrleansRpc.Connections;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// The connections open on this node, kept by the gateway. A connection grain reads its facts from
/// here when it activates, so a connection costs no grain call until something uses its grain.
/// </summary>
public interface IConnectionDirectory
{
    bool TryGet(string connectionId, out RpcConnectionInfo info);
}

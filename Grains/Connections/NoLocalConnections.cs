using OrleansRpc.Connections;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Connections;

/// <summary>A node without a gateway holds no sockets: a connection grain placed on it acts closed.</summary>
internal sealed class NoLocalConnections : IConnectionDirectory, ILocalConnections
{
    public bool TryGet(string connectionId, out RpcConnectionInfo info)
    {
        info = null!;
        return false;
    }

    public bool Send(string connectionId, ServerNotification notification) => false;

    public ILocalConnection? Find(string connectionId) => null;
}

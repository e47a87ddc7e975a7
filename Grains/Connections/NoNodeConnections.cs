using OrleansRpc.Connections;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Connections;

/// <summary>A node without a gateway holds no sockets: a connection grain placed on it acts closed.</summary>
internal sealed class NoNodeConnections : INodeConnections
{
    public void Open(RpcConnectionInfo info) =>
        throw new InvalidOperationException($"Connection {info.ConnectionId} cannot open on this node: it holds no sockets.");

    public void Close(string connectionId)
    {
    }

    public bool TryGetInfo(string connectionId, out RpcConnectionInfo info)
    {
        info = null!;
        return false;
    }

    public bool Send(string connectionId, ServerNotification notification) => false;

    public NodeMembers Join(string group, string connectionId) =>
        throw new InvalidOperationException($"Connection {connectionId} is not open on this node: it holds no sockets.");

    public NodeMembers Leave(string group, string connectionId) => default;

    public NodeMembers Count(string group) => default;

    public bool Publish(string group, ServerNotification[] notifications, out long delivered)
    {
        delivered = 0;
        return false;
    }
}

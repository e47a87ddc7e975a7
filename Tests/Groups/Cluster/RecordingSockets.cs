using OrleansRpc.Connections;
using OrleansRpc.Gateway.Delivery;

namespace OrleansRpc.Tests.Groups.Cluster;

/// <summary>
/// A silo's sockets without a gateway: the gateway's own <see cref="NodeConnections"/>, with recording
/// sockets attached where WebSockets would be, so the grains and the delivery under test are the real ones.
/// </summary>
public sealed class RecordingSockets
{
    private readonly NodeConnections _connections;

    internal RecordingSockets(NodeConnections connections) => _connections = connections;

    public RecordingSocket Open(string connectionId)
    {
        var socket = new RecordingSocket(connectionId);
        _connections.Open(new RpcConnectionInfo(connectionId, socket.Transport, socket.Context.User, null, DateTimeOffset.UtcNow, null));
        _connections.Attach(socket);
        return socket;
    }

    /// <summary>The socket ends, as the gateway sees it: from then on the connection is not open on this node.</summary>
    public void Close(string connectionId) => _connections.Close(connectionId);
}

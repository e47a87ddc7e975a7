using System.Collections.Concurrent;
using System.Security.Claims;
using OrleansRpc.Connections;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Notifications;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.Groups.Cluster;

/// <summary>
/// A silo's sockets without a gateway: each open connection keeps what was queued on it, in order. It
/// stands where the gateway's connection directory stands, so the grains under test are the real ones.
/// </summary>
public sealed class RecordingSockets : IConnectionDirectory, ILocalConnections
{
    private readonly ConcurrentDictionary<string, RecordingSocket> _open = new(StringComparer.Ordinal);

    public RecordingSocket Open(string connectionId) =>
        _open[connectionId] = new RecordingSocket(
            new RpcConnectionInfo(connectionId, RpcTransport.WebSocket, new ClaimsPrincipal(new ClaimsIdentity()), null, DateTimeOffset.UtcNow, null));

    /// <summary>The socket ends, as the gateway sees it: from then on the connection is not open on this node.</summary>
    public void Close(string connectionId) => _open.TryRemove(connectionId, out _);

    public bool TryGet(string connectionId, out RpcConnectionInfo info)
    {
        var found = _open.TryGetValue(connectionId, out var socket);
        info = socket?.Info!;
        return found;
    }

    public bool Send(string connectionId, ServerNotification notification) =>
        _open.TryGetValue(connectionId, out var socket) && socket.TrySend(notification);

    public ILocalConnection? Find(string connectionId) => _open.GetValueOrDefault(connectionId);
}

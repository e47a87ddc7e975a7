using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Notifications;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Delivery;

/// <summary>
/// The gateway's side of the seam between grains and sockets (<see cref="INodeConnections"/>): every
/// connection open on this node, its socket once attached, and this node's members of each group. Every
/// byte bound for a socket passes here, an answer (<see cref="Answer"/>) as well as a notification, so a
/// rule about what a connection is sent has one home. It depends on nothing, so everything that routes to
/// a socket can depend on it (ARCHITECTURE.md, "The delivery seam").
/// </summary>
internal sealed class NodeConnections : INodeConnections
{
    private readonly ConcurrentDictionary<string, OpenConnection> _open = new(StringComparer.Ordinal);

    // Joins and leaves are rare next to deliveries: one lock for the map, and a delivery takes it only to
    // find its group. It is held for a dictionary operation, never across a call out, so a grain turn
    // (a join, a delivery) and a socket thread (a close leaving its groups) never wait on each other long.
    private readonly object _groupsLock = new();
    private readonly Dictionary<string, LocalGroup> _groups = new(StringComparer.Ordinal);
    private long _version;

    public bool IsEmpty => _open.IsEmpty;

    /// <summary>Its socket, if it has one, is attached later (<see cref="Attach"/>).</summary>
    public void Open(RpcConnectionInfo info) => _open[info.ConnectionId] = new OpenConnection(info);

    /// <summary>Makes an open connection reachable for notifications.</summary>
    public void Attach(RpcConnection connection)
    {
        if (_open.TryGetValue(connection.Id, out var open))
        {
            open.Socket = connection;
        }
    }

    /// <summary>Its groups are left by its state (<c>LocalConnectionStates</c>).</summary>
    public void Close(string connectionId) => _open.TryRemove(connectionId, out _);

    /// <summary>
    /// Hands a message's whole answer (null when there is nothing to answer) to the connection that sent
    /// the message, which owns the buffer from here. The connection is the caller's, not looked up: an
    /// HTTP request's answer goes to its response, and a WebSocket's to its socket even while it closes.
    /// </summary>
    public void Answer(RpcConnection connection, PooledBufferWriter? answer) => connection.OnMessageAnswered(answer);

    /// <summary>The streamed results an open socket of this node is reading; null when it has none.</summary>
    public Enumerations.ConnectionEnumerations? EnumerationsOf(string connectionId) =>
        _open.TryGetValue(connectionId, out var open) ? open.Socket?.OpenEnumerations : null;

    public bool TryGetInfo(string connectionId, out RpcConnectionInfo info)
    {
        var found = _open.TryGetValue(connectionId, out var open);
        info = open?.Info!;
        return found;
    }

    public bool Send(string connectionId, ServerNotification notification)
    {
        if (!_open.TryGetValue(connectionId, out var open) || open.Socket is not { } socket)
        {
            return false;
        }

        var queued = socket.TryQueue(new NodeNotification(notification), out var writeDue);
        if (writeDue)
        {
            socket.Write();
        }

        return queued;
    }

    public NodeMembers Join(string group, string connectionId)
    {
        var connection = _open.GetValueOrDefault(connectionId) ?? OpenConnection.Closed;
        lock (_groupsLock)
        {
            if (!_groups.TryGetValue(group, out var local))
            {
                local = new LocalGroup();
                _groups.Add(group, local);
            }

            local.Add(connectionId, connection);
            return new NodeMembers(local.Count, ++_version);
        }
    }

    public NodeMembers Leave(string group, string connectionId)
    {
        lock (_groupsLock)
        {
            if (!_groups.TryGetValue(group, out var local))
            {
                return new NodeMembers(0, ++_version);
            }

            if (local.Remove(connectionId) && local.Count == 0)
            {
                _groups.Remove(group);
            }

            return new NodeMembers(local.Count, ++_version);
        }
    }

    public NodeMembers Count(string group)
    {
        lock (_groupsLock)
        {
            return new NodeMembers(_groups.TryGetValue(group, out var local) ? local.Count : 0, _version);
        }
    }

    public bool Publish(string group, ServerNotification[] notifications, out long delivered)
    {
        LocalGroup? local;
        lock (_groupsLock)
        {
            _groups.TryGetValue(group, out local);
        }

        delivered = 0;
        foreach (var notification in notifications)
        {
            // From the first notification that finds no member, the rest are not delivered either.
            var reached = local?.Deliver(new NodeNotification(notification)) ?? 0;
            if (reached == 0)
            {
                return false;
            }

            delivered += reached;
        }

        return true;
    }

    /// <summary>The open WebSockets, walked without a copy (so without a large array at 20,000 of them).</summary>
    public IEnumerable<WebSocketRpcConnection> WebSockets
    {
        get
        {
            foreach (var pair in _open)
            {
                if (pair.Value.Socket is WebSocketRpcConnection webSocket)
                {
                    yield return webSocket;
                }
            }
        }
    }

    /// <summary>Open connections by transport, counted when the metrics are collected (see <c>RpcMetrics</c>).</summary>
    public IEnumerable<Measurement<long>> CountByTransport()
    {
        long webSockets = 0;
        long http = 0;
        foreach (var pair in _open)
        {
            if (pair.Value.Info.Transport == RpcTransport.WebSocket)
            {
                webSockets++;
            }
            else
            {
                http++;
            }
        }

        return
        [
            new Measurement<long>(webSockets, new KeyValuePair<string, object?>("transport", "websocket")),
            new Measurement<long>(http, new KeyValuePair<string, object?>("transport", "http")),
        ];
    }

    /// <summary>Notifications waiting for their sockets, over all WebSockets, summed when the metrics are collected.</summary>
    public long QueuedNotifications()
    {
        long queued = 0;
        foreach (var webSocket in WebSockets)
        {
            queued += webSocket.QueuedNotifications;
        }

        return queued;
    }
}

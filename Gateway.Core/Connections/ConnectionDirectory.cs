using System.Diagnostics.Metrics;
using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Orleans;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Notifications;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// The connections open on this node. Opening records a connection's facts for its grain; closing, which
/// happens however the connection ends, deactivates every grain of the connection that is active here
/// (they are all here: <c>ConnectionPlacement</c>), and never activates one.
/// </summary>
internal sealed class ConnectionDirectory : IConnectionDirectory, ILocalConnections
{
    private static readonly ClaimsPrincipal s_anonymous = new(new ClaimsIdentity());

    private readonly ConcurrentDictionary<string, RpcConnectionInfo> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RpcConnection> _sockets = new(StringComparer.Ordinal);
    private readonly ConnectionActivations _activations;
    private readonly LocalConnectionStates _states;
    private TaskCompletionSource? _allClosed;
    private readonly ConnectionIds _ids;
    private readonly SessionCookies _sessions;
    private readonly IGrainFactory _grainFactory;

    public ConnectionDirectory(ConnectionActivations activations, LocalConnectionStates states, IGrainFactory grainFactory, ConnectionIds ids, SessionCookies sessions)
    {
        _activations = activations;
        _states = states;
        _ids = ids;
        _sessions = sessions;
        _grainFactory = grainFactory;
    }

    public bool TryGet(string connectionId, out RpcConnectionInfo info) => _open.TryGetValue(connectionId, out info!);

    /// <summary>
    /// Opens a connection for the request (an HTTP call, or a WebSocket before its upgrade is accepted, so
    /// that a new session cookie rides on the upgrade response) and returns its context.
    /// </summary>
    public RpcContext Open(HttpContext http, RpcTransport transport)
    {
        var id = _ids.Next();
        var sessionId = _sessions.GetOrIssue(http);
        // A WebSocket keeps its context for hours: every anonymous one shares one principal.
        var user = http.User is { } principal && !(transport == RpcTransport.WebSocket && IsAnonymous(principal)) ? principal : s_anonymous;
        var remote = http.Connection.RemoteIpAddress;
        _open[id] = new RpcConnectionInfo(id, transport, user, remote, DateTimeOffset.UtcNow, sessionId);
        return new RpcContext(id, transport, user, remote, sessionId, _grainFactory);
    }

    /// <summary>Makes an open connection reachable for notifications.</summary>
    public void Attach(RpcConnection connection) => _sockets[connection.Id] = connection;

    public bool Send(string connectionId, ServerNotification notification) =>
        _sockets.TryGetValue(connectionId, out var connection) && connection.TrySend(notification);

    public ILocalConnection? Find(string connectionId) => _sockets.GetValueOrDefault(connectionId);

    /// <summary>The open WebSockets, walked without a copy (so without a large array at 20,000 of them).</summary>
    public IEnumerable<WebSocketRpcConnection> WebSockets
    {
        get
        {
            foreach (var pair in _sockets)
            {
                if (pair.Value is WebSocketRpcConnection webSocket)
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
            if (pair.Value.Transport == RpcTransport.WebSocket)
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

    private static bool IsAnonymous(ClaimsPrincipal? user) =>
        user is null || user.Identities.All(identity => !identity.IsAuthenticated && !identity.Claims.Any());

    public void Close(string connectionId)
    {
        _open.TryRemove(connectionId, out _);
        _sockets.TryRemove(connectionId, out _);
        _activations.Deactivate(connectionId);

        // Its grain leaves its groups as it deactivates; this is for a grain that is not active.
        _states.Close(connectionId);
        if (_open.IsEmpty)
        {
            Volatile.Read(ref _allClosed)?.TrySetResult();
        }
    }

    /// <summary>Completes once no connection is open (HTTP requests and WebSockets alike).</summary>
    public Task WhenAllClosedAsync()
    {
        var allClosed = Volatile.Read(ref _allClosed);
        if (allClosed is null)
        {
            var made = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            allClosed = Interlocked.CompareExchange(ref _allClosed, made, null) ?? made;
        }

        // Checked after the source is in place, so that a close in between is not missed.
        if (_open.IsEmpty)
        {
            allClosed.TrySetResult();
        }

        return allClosed.Task;
    }
}

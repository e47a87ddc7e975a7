using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Orleans;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Opens and closes this node's connections. Opening gives a connection its id, its session and its
/// context, and records its facts for its grain (<see cref="NodeConnections"/>); closing, which happens
/// however the connection ends, deactivates every grain of the connection that is active here (they are
/// all here: <c>ConnectionPlacement</c>), and never activates one.
/// </summary>
internal sealed class ConnectionDirectory(
    NodeConnections connections,
    ConnectionActivations activations,
    LocalConnectionStates states,
    IGrainFactory grainFactory,
    ConnectionIds ids,
    SessionCookies sessions)
{
    private static readonly ClaimsPrincipal s_anonymous = new(new ClaimsIdentity());

    private TaskCompletionSource? _allClosed;

    /// <summary>
    /// Opens a connection for the request (an HTTP call, or a WebSocket before its upgrade is accepted, so
    /// that a new session cookie rides on the upgrade response) and returns its context.
    /// </summary>
    public RpcContext Open(HttpContext http, RpcTransport transport)
    {
        var id = ids.Next();
        // An HTTP request starts a session only for a call that needs one (HttpRpcConnection.StartSession); a
        // WebSocket's upgrade is the only response that can carry its cookie, so it gets one now.
        var sessionId = transport == RpcTransport.Http ? sessions.Find(http) : sessions.GetOrIssue(http);
        // A WebSocket keeps its context for hours: every anonymous one shares one principal.
        var user = http.User is { } principal && !(transport == RpcTransport.WebSocket && IsAnonymous(principal)) ? principal : s_anonymous;
        var remote = http.Connection.RemoteIpAddress;
        connections.Open(new RpcConnectionInfo(id, transport, user, remote, DateTimeOffset.UtcNow, sessionId));
        return new RpcContext(id, transport, user, remote, sessionId, grainFactory);
    }

    private static bool IsAnonymous(ClaimsPrincipal? user) =>
        user is null || user.Identities.All(identity => !identity.IsAuthenticated && !identity.Claims.Any());

    public void Close(string connectionId)
    {
        connections.Close(connectionId);
        activations.Deactivate(connectionId);

        // Its grain leaves its groups as it deactivates; this is for a grain that is not active.
        states.Close(connectionId);
        if (connections.IsEmpty)
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
        if (connections.IsEmpty)
        {
            allClosed.TrySetResult();
        }

        return allClosed.Task;
    }
}

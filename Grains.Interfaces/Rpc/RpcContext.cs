using System.Net;
using System.Security.Claims;
using OrleansRpc.Connections;
using OrleansRpc.Runtime;
using OrleansRpc.Sessions;

namespace OrleansRpc.Rpc;

/// <summary>
/// Who is calling and over what. Injected into any RPC method parameter of this type, never bound from
/// <c>params</c>; it is passed with each call, never kept in static or thread-static state, so concurrent
/// calls never see each other's context.
/// </summary>
public sealed class RpcContext(
    string connectionId,
    RpcTransport transport,
    ClaimsPrincipal user,
    IPAddress? remoteAddress,
    string? sessionId,
    IGrainFactory grainFactory)
{
    public string ConnectionId { get; } = connectionId;

    public RpcTransport Transport { get; } = transport;

    public ClaimsPrincipal User { get; } = user;

    public IPAddress? RemoteAddress { get; } = remoteAddress;

    /// <summary>The browser session's id from the session cookie, or null when there is none.</summary>
    public string? SessionId { get; } = sessionId;

    public IGrainFactory GrainFactory { get; } = grainFactory;

    /// <summary>This connection's grain: its <c>channel_session</c> and what is known about it.</summary>
    public IConnectionGrain ConnectionGrain => GrainFactory.GetGrain<IConnectionGrain>(ConnectionId);

    /// <summary>The browser session's grain, shared with the session's other connections.</summary>
    public ISessionGrain SessionGrain => GrainFactory.GetGrain<ISessionGrain>(
        SessionId ?? throw new InvalidOperationException("This connection has no browser session."));
}

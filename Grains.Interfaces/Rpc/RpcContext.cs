using System.Net;
using System.Security.Claims;
using OrleansRpc.Runtime;

namespace OrleansRpc.Rpc;

/// <summary>
/// Who is calling and over what. Injected into any RPC method parameter of this type, never bound from
/// <c>params</c>; it is passed with each call, never kept in static or thread-static state.
/// </summary>
public sealed class RpcContext(
    string connectionId,
    RpcTransport transport,
    ClaimsPrincipal user,
    IPAddress? remoteAddress,
    IGrainFactory grainFactory)
{
    public string ConnectionId { get; } = connectionId;

    public RpcTransport Transport { get; } = transport;

    public ClaimsPrincipal User { get; } = user;

    public IPAddress? RemoteAddress { get; } = remoteAddress;

    public IGrainFactory GrainFactory { get; } = grainFactory;
}

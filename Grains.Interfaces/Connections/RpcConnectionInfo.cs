using System.Net;
using System.Security.Claims;
using OrleansRpc.Rpc;

namespace OrleansRpc.Connections;

/// <summary>What the gateway knows about a connection when it opens.</summary>
public sealed record RpcConnectionInfo(
    string ConnectionId,
    RpcTransport Transport,
    ClaimsPrincipal User,
    IPAddress? RemoteAddress,
    DateTimeOffset ConnectedAt,
    string? SessionId);

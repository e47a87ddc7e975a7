using System.Net;
using System.Security.Claims;
using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Rpc;

namespace OrleansRpc.Connections;

/// <summary>What the gateway knows about a connection when it opens.</summary>
[GenerateSerializer, Immutable, Alias("orpc.RpcConnectionInfo")]
public sealed record RpcConnectionInfo(
    [property: Id(0)] string ConnectionId,
    [property: Id(1)] RpcTransport Transport,
    [property: Id(2)] ClaimsPrincipal User,
    [property: Id(3)] IPAddress? RemoteAddress,
    [property: Id(4)] DateTimeOffset ConnectedAt,
    [property: Id(5)] string? SessionId);

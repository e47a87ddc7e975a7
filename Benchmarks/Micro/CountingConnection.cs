using System.Security.Claims;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Rpc;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Benchmarks.Micro;

/// <summary>A WebSocket-like connection with no socket: it takes each answer, notes its length and returns its buffer to the pool.</summary>
public sealed class CountingConnection(IGrainFactory grainFactory)
    : RpcConnection(new RpcContext("bench.1", RpcTransport.WebSocket, new ClaimsPrincipal(new ClaimsIdentity()), null, null, grainFactory), CancellationToken.None)
{
    public int LastAnswerLength { get; private set; }

    /// <summary>Like a WebSocket connection, it makes many calls, so it keeps their execution context.</summary>
    public override TurnContextCache? TurnContexts { get; } = new();

    public override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        LastAnswerLength = answer?.WrittenCount ?? 0;
        answer?.Dispose();
    }
}

using System.Security.Claims;
using System.Threading.Tasks.Sources;
using Orleans;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Rpc;

namespace OrleansRpc.Benchmarks.Micro;

/// <summary>
/// A WebSocket-like connection with no socket: it takes each answer, notes its length, returns its buffer
/// to the pool and wakes whoever awaits <see cref="Answered"/> (one message at a time).
/// </summary>
public sealed class CountingConnection(IGrainFactory grainFactory)
    : RpcConnection(new RpcContext("bench.1", RpcTransport.WebSocket, new ClaimsPrincipal(new ClaimsIdentity()), null, null, grainFactory), CancellationToken.None),
      IValueTaskSource<int>
{
    private ManualResetValueTaskSourceCore<int> _answered = new() { RunContinuationsAsynchronously = false };

    /// <summary>The length of the next answer; reset before each message.</summary>
    public ValueTask<int> Answered
    {
        get
        {
            _answered.Reset();
            return new ValueTask<int>(this, _answered.Version);
        }
    }

    internal override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        var length = answer?.WrittenCount ?? 0;
        answer?.Dispose();
        _answered.SetResult(length);
    }

    public override void Fault(Exception exception) => _answered.SetException(exception);

    int IValueTaskSource<int>.GetResult(short token) => _answered.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _answered.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _answered.OnCompleted(continuation, state, token, flags);
}

using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>One HTTP request: a connection that lives for a single message and its single answer.</summary>
internal sealed class HttpRpcConnection(RpcContext context, CancellationToken aborted) : RpcConnection(context, aborted)
{
    // Asynchronous continuations: the answer may be set inside a grain's turn, and writing the HTTP
    // response must not run there.
    private readonly TaskCompletionSource<PooledBufferWriter?> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<PooledBufferWriter?> Answer => _answer.Task;

    public override void OnMessageAnswered(PooledBufferWriter? answer) => _answer.TrySetResult(answer);
}

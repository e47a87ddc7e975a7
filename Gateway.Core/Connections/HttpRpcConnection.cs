using System.Threading.Tasks.Sources;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// One HTTP request: a connection that lives for a single message and its single answer. The answer is
/// awaited through the connection itself, so a call answered at once costs no task.
/// </summary>
internal sealed class HttpRpcConnection : RpcConnection, IValueTaskSource<PooledBufferWriter?>
{
    // Asynchronous continuations: the answer may be set inside a grain's turn, and writing the HTTP
    // response must not run there.
    private ManualResetValueTaskSourceCore<PooledBufferWriter?> _answer = new() { RunContinuationsAsynchronously = true };

    public HttpRpcConnection(RpcContext context, CancellationToken aborted)
        : base(context, aborted)
    {
    }

    public ValueTask<PooledBufferWriter?> Answer => new(this, _answer.Version);

    private int _settled;

    internal override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _answer.SetResult(answer);
        }
    }

    /// <summary>The request fails (ASP.NET Core logs it and answers 500), unless its answer was already given.</summary>
    public override void Fault(Exception exception)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _answer.SetException(exception);
        }
    }

    PooledBufferWriter? IValueTaskSource<PooledBufferWriter?>.GetResult(short token) => _answer.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<PooledBufferWriter?>.GetStatus(short token) => _answer.GetStatus(token);

    void IValueTaskSource<PooledBufferWriter?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _answer.OnCompleted(continuation, state, token, flags);
}

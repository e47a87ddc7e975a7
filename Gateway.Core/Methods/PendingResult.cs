using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Protocol;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Waits for a grain call that did not complete at once and answers with its result. It stands in for an
/// async method, whose state machine would be allocated for every call (every grain call completes later):
/// the waiter's continuation is a delegate made once, and finished waiters are reused.
/// </summary>
internal sealed class PendingResult<TResult>
{
    private static readonly ReusePool<PendingResult<TResult>> s_pool = new();

    private readonly Action _onCompleted;
    private ValueTask<TResult> _pending;
    private RpcCall? _call;
    private ResultSerializer<TResult>? _serializer;

    private PendingResult() => _onCompleted = OnCompleted;

    public static void Await(ValueTask<TResult> pending, RpcCall call, ResultSerializer<TResult> serializer)
    {
        var waiter = s_pool.TryTake() ?? new PendingResult<TResult>();
        waiter._pending = pending;
        waiter._call = call;
        waiter._serializer = serializer;

        // Nothing of the caller's execution context is needed to write an answer, so none flows.
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(waiter._onCompleted);
    }

    private void OnCompleted()
    {
        var pending = _pending;
        var call = _call!;
        var serializer = _serializer!;
        _pending = default;
        _call = null;
        _serializer = null;
        s_pool.Return(this);
        var connection = call.Connection;

        // This runs as a bare continuation on the thread pool: whatever escapes it would end the process.
        // It ends the call's connection instead (ARCHITECTURE.md, "Bounds").
        try
        {
            TResult result;
            try
            {
                result = pending.GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                call.FailOrRetry(ex);
                return;
            }

            call.Succeed(result, serializer);
            call.Release();
        }
        catch (Exception ex)
        {
            connection.Fault(ex);
        }
    }
}

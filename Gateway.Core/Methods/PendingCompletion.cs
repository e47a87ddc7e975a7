using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;

namespace OrleansRpc.Gateway.Methods;

/// <summary>What <see cref="PendingResult{TResult}"/> is for a method without a result, which answers <c>null</c>.</summary>
internal sealed class PendingCompletion
{
    private static readonly ReusePool<PendingCompletion> s_pool = new();

    private readonly Action _onCompleted;
    private ValueTask _pending;
    private RpcCall? _call;

    private PendingCompletion() => _onCompleted = OnCompleted;

    public static void Await(ValueTask pending, RpcCall call)
    {
        var waiter = s_pool.TryTake() ?? new PendingCompletion();
        waiter._pending = pending;
        waiter._call = call;
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(waiter._onCompleted);
    }

    private void OnCompleted()
    {
        var pending = _pending;
        var call = _call!;
        _pending = default;
        _call = null;
        s_pool.Return(this);
        var connection = call.Connection;

        // This runs as a bare continuation on the thread pool: whatever escapes it would end the process.
        // It ends the call's connection instead (ARCHITECTURE.md, "Bounds").
        try
        {
            try
            {
                pending.GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                call.FailOrRetry(ex);
                return;
            }

            call.SucceedWithoutResult();
            call.Release();
        }
        catch (Exception ex)
        {
            connection.Fault(ex);
        }
    }
}

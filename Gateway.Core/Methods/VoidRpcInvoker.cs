using Orleans;
using OrleansRpc.Gateway.Dispatch;

namespace OrleansRpc.Gateway.Methods;

/// <summary>Invokes a method without a result; it answers <c>null</c>.</summary>
internal sealed class VoidRpcInvoker(Func<IGrain, RpcCall, ValueTask> invoke) : RpcInvoker
{
    public override void Invoke(IGrain grain, RpcCall call)
    {
        ValueTask pending;
        try
        {
            pending = invoke(grain, call);
        }
        catch (Exception ex)
        {
            call.FailOrRetry(ex);
            return;
        }

        if (pending.IsCompletedSuccessfully)
        {
            call.SucceedWithoutResult();
            call.Release();
            return;
        }

        PendingCompletion.Await(pending, call);
    }
}

using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Runtime;

namespace OrleansRpc.Gateway.Methods;

/// <summary>Invokes a method without a result; it answers <c>null</c>.</summary>
internal sealed class VoidRpcInvoker(Func<Grain, RpcCall, ValueTask> invoke) : RpcInvoker
{
    public override Task InvokeAsync(Grain grain, RpcCall call)
    {
        ValueTask pending;
        try
        {
            pending = invoke(grain, call);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            return Task.CompletedTask;
        }

        if (pending.IsCompletedSuccessfully)
        {
            call.SucceedWithoutResult();
            return Task.CompletedTask;
        }

        return AwaitAsync(pending, call);
    }

    private static async Task AwaitAsync(ValueTask pending, RpcCall call)
    {
        call.StartTimeout();
        try
        {
            await pending;
            call.SucceedWithoutResult();
        }
        catch (Exception ex)
        {
            call.Fail(ex);
        }
    }
}

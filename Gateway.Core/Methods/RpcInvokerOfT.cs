using System.Text.Json.Serialization.Metadata;
using Orleans;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Protocol;

namespace OrleansRpc.Gateway.Methods;

/// <summary>Invokes a method with a result and answers with it.</summary>
internal sealed class RpcInvoker<TResult>(Func<IGrain, RpcCall, ValueTask<TResult>> invoke, JsonTypeInfo typeInfo) : RpcInvoker
{
    private readonly ResultSerializer<TResult> _result = new((JsonTypeInfo<TResult>)typeInfo);

    public override void Invoke(IGrain grain, RpcCall call)
    {
        ValueTask<TResult> pending;
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
            call.Succeed(pending.Result, _result);
            call.Release();
            return;
        }

        PendingResult<TResult>.Await(pending, call, _result);
    }
}

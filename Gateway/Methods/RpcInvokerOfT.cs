using System.Text.Json.Serialization.Metadata;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Runtime;

namespace OrleansRpc.Gateway.Methods;

/// <summary>Invokes a method with a result and answers with it.</summary>
internal sealed class RpcInvoker<TResult>(Func<Grain, RpcCall, ValueTask<TResult>> invoke, JsonTypeInfo typeInfo) : RpcInvoker
{
    private readonly ResultSerializer<TResult> _result = new((JsonTypeInfo<TResult>)typeInfo);

    public override Task InvokeAsync(Grain grain, RpcCall call)
    {
        ValueTask<TResult> pending;
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
            call.Succeed(pending.Result, _result);
            return Task.CompletedTask;
        }

        return AwaitAsync(pending, call);
    }

    private async Task AwaitAsync(ValueTask<TResult> pending, RpcCall call)
    {
        call.StartTimeout();
        try
        {
            call.Succeed(await pending, _result);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
        }
    }
}

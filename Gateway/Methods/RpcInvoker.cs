using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Invocation;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Runs an RPC method inside the grain's turn and writes its answer, without reflection: the grain call
/// is a compiled delegate and the result is serialized with a type info resolved at start-up.
/// </summary>
internal abstract class RpcInvoker
{
    /// <summary>Never throws: a failure becomes the call's error answer.</summary>
    public abstract Task InvokeAsync(Grain grain, RpcCall call);

    public static RpcInvoker Create(CompiledGrainMethod compiled, JsonSerializerOptions options)
    {
        if (compiled.ResultType is null)
        {
            return new VoidRpcInvoker((Func<Grain, object?[], Task>)compiled.Invoke);
        }

        var type = typeof(RpcInvoker<>).MakeGenericType(compiled.ResultType);
        return (RpcInvoker)Activator.CreateInstance(type, compiled.Invoke, options.GetTypeInfo(compiled.ResultType))!;
    }
}

internal sealed class RpcInvoker<TResult>(Delegate invoke, JsonTypeInfo typeInfo) : RpcInvoker
{
    private readonly Func<Grain, object?[], Task<TResult>> _invoke = (Func<Grain, object?[], Task<TResult>>)invoke;
    private readonly JsonTypeInfo<TResult> _typeInfo = (JsonTypeInfo<TResult>)typeInfo;

    public override Task InvokeAsync(Grain grain, RpcCall call)
    {
        Task<TResult> task;
        try
        {
            task = _invoke(grain, call.Args);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            return Task.CompletedTask;
        }

        if (task.IsCompletedSuccessfully)
        {
            call.Succeed(task.Result, _typeInfo);
            return Task.CompletedTask;
        }

        return AwaitAsync(task, call);
    }

    private async Task AwaitAsync(Task<TResult> task, RpcCall call)
    {
        call.StartTimeout();
        try
        {
            call.Succeed(await task, _typeInfo);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
        }
    }
}

internal sealed class VoidRpcInvoker(Func<Grain, object?[], Task> invoke) : RpcInvoker
{
    public override Task InvokeAsync(Grain grain, RpcCall call)
    {
        Task task;
        try
        {
            task = invoke(grain, call.Args);
        }
        catch (Exception ex)
        {
            call.Fail(ex);
            return Task.CompletedTask;
        }

        if (task.IsCompletedSuccessfully)
        {
            call.SucceedWithoutResult();
            return Task.CompletedTask;
        }

        return AwaitAsync(task, call);
    }

    private static async Task AwaitAsync(Task task, RpcCall call)
    {
        call.StartTimeout();
        try
        {
            await task;
            call.SucceedWithoutResult();
        }
        catch (Exception ex)
        {
            call.Fail(ex);
        }
    }
}

using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Enumerations;
using OrleansRpc.Gateway.Progress;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Calls an RPC method through the grain's Orleans reference and writes its answer, without reflection:
/// the call is a delegate compiled at start-up that reads the arguments from the call's fields and calls
/// the interface method on the generated grain reference, so Orleans's scheduling, call filters,
/// placement and timeouts apply as to any grain call. Its result is awaited as a
/// <see cref="ValueTask{TResult}"/> and serialized with a type info resolved at start-up.
/// </summary>
internal abstract class RpcInvoker
{
    /// <summary>Never throws: a failure becomes the call's error answer. Hands the call back when done with it.</summary>
    public abstract void Invoke(IGrain grain, RpcCall call);

    /// <param name="progress">The position of the method's <c>IProgress&lt;T&gt;</c> parameter, or -1.</param>
    public static RpcInvoker Create(MethodInfo method, ArgumentLayout layout, JsonSerializerOptions options, int progress)
    {
        var grain = Expression.Parameter(typeof(IGrain), "grain");
        var call = Expression.Parameter(typeof(RpcCall), "call");
        var parameters = method.GetParameters();
        var arguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            arguments[i] = layout.Field(call, i);
        }

        var body = AsValueTask(Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, arguments), grain, call, method, out var resultType);
        if (progress >= 0)
        {
            // Awaited through the progress pump, which sends the call's reports before its answer.
            var pump = resultType is null
                ? typeof(ProgressPump).GetMethod(nameof(ProgressPump.AfterReports))!
                : typeof(ProgressPump).GetMethod(nameof(ProgressPump.AfterReportsOf))!.MakeGenericMethod(resultType);
            body = Expression.Call(pump, body, grain, call, Expression.Convert(layout.Field(call, progress), typeof(object)));
        }
        if (resultType is null)
        {
            return new VoidRpcInvoker(Expression.Lambda<Func<IGrain, RpcCall, ValueTask>>(body, grain, call).Compile());
        }

        var invoke = Expression.Lambda(typeof(Func<,,>).MakeGenericType(typeof(IGrain), typeof(RpcCall), body.Type), body, grain, call).Compile();
        var type = typeof(RpcInvoker<>).MakeGenericType(resultType);
        return (RpcInvoker)Activator.CreateInstance(type, invoke, options.GetTypeInfo(resultType))!;
    }

    // A Task is wrapped, not converted: new ValueTask<T>(task) allocates nothing.
    private static Expression AsValueTask(Expression call, ParameterExpression grain, ParameterExpression rpcCall, MethodInfo method, out Type? resultType)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(ValueTask))
        {
            resultType = null;
            return call;
        }

        if (returnType == typeof(Task))
        {
            resultType = null;
            return Expression.New(typeof(ValueTask).GetConstructor([typeof(Task)])!, call);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            resultType = returnType.GetGenericArguments()[0];
            return call;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
        {
            // Answered with its first page and a token to pull the rest with (StreamResults).
            resultType = typeof(EnumerationPage);
            var open = typeof(StreamResults).GetMethod(nameof(StreamResults.Open))!.MakeGenericMethod(returnType.GetGenericArguments()[0]);
            return Expression.Call(open, call, grain, rpcCall);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            resultType = returnType.GetGenericArguments()[0];
            var valueTask = typeof(ValueTask<>).MakeGenericType(resultType);
            return Expression.New(valueTask.GetConstructor([returnType])!, call);
        }

        throw new NotSupportedException(
            $"{method.DeclaringType}.{method.Name} returns {returnType}; grain methods must return Task, Task<T>, ValueTask, ValueTask<T> or IAsyncEnumerable<T>.");
    }
}

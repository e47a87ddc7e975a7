using System.Linq.Expressions;
using System.Reflection;
using OrleansRpc.Runtime;

namespace OrleansRpc.Silo.Invocation;

/// <summary>
/// Compiles grain interface methods into delegates once, so that no call pays for reflection.
/// ValueTask results are turned into tasks; any other return type is refused at start-up.
/// </summary>
public static class GrainMethodCompiler
{
    public static CompiledGrainMethod Compile(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(Grain), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var arguments = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, arguments);

        var returnType = method.ReturnType;
        Type? resultType;
        if (returnType == typeof(Task))
        {
            resultType = null;
        }
        else if (returnType == typeof(ValueTask))
        {
            call = Expression.Call(call, typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!);
            resultType = null;
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            resultType = returnType.GetGenericArguments()[0];
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            resultType = returnType.GetGenericArguments()[0];
            call = Expression.Call(call, returnType.GetMethod(nameof(ValueTask<int>.AsTask))!);
        }
        else
        {
            throw new NotSupportedException(
                $"{method.DeclaringType}.{method.Name} returns {returnType}; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>.");
        }

        var delegateType = resultType is null
            ? typeof(Func<Grain, object?[], Task>)
            : typeof(Func<,,>).MakeGenericType(typeof(Grain), typeof(object?[]), typeof(Task<>).MakeGenericType(resultType));
        return new CompiledGrainMethod(Expression.Lambda(delegateType, call, grain, args).Compile(), resultType);
    }
}

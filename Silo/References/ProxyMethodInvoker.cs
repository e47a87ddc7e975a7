using System.Reflection;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;
using OrleansRpc.Silo.Invocation;

namespace OrleansRpc.Silo.References;

/// <summary>Sends one interface method's calls into the grain's turn queue; built once per method.</summary>
internal abstract class ProxyMethodInvoker
{
    public abstract object Invoke(GrainClass grainClass, string key, object?[] args);

    public static ProxyMethodInvoker Create(MethodInfo method)
    {
        var compiled = GrainMethodCompiler.Compile(method);
        var interleave = method.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null;
        var isValueTask = method.ReturnType == typeof(ValueTask)
            || (method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>));
        if (compiled.ResultType is null)
        {
            var invoke = (Func<Grain, object?[], Task>)compiled.Invoke;
            return new ProxyMethodInvoker<object?>(
                async (grain, args) =>
                {
                    await invoke(grain, args);
                    return null;
                },
                interleave,
                isValueTask ? static task => new ValueTask(task) : static task => task);
        }

        var type = typeof(ProxyMethodInvoker<>).MakeGenericType(compiled.ResultType);
        return (ProxyMethodInvoker)Activator.CreateInstance(type, compiled.Invoke, interleave, isValueTask)!;
    }
}

internal sealed class ProxyMethodInvoker<TResult> : ProxyMethodInvoker
{
    private readonly Func<Grain, object?[], Task<TResult>> _invoke;
    private readonly bool _interleave;
    private readonly Func<Task<TResult>, object> _wrap;

    public ProxyMethodInvoker(Func<Grain, object?[], Task<TResult>> invoke, bool interleave, Func<Task<TResult>, object> wrap)
    {
        _invoke = invoke;
        _interleave = interleave;
        _wrap = wrap;
    }

    public ProxyMethodInvoker(Delegate invoke, bool interleave, bool isValueTask)
        : this((Func<Grain, object?[], Task<TResult>>)invoke, interleave, isValueTask ? static task => new ValueTask<TResult>(task) : static task => task)
    {
    }

    public override object Invoke(GrainClass grainClass, string key, object?[] args)
    {
        var item = new ProxyWorkItem<TResult>(_invoke, args, _interleave);
        grainClass.Enqueue(key, item);
        return _wrap(item.Task);
    }
}

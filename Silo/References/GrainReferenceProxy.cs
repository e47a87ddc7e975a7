using System.Collections.Frozen;
using System.Reflection;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Silo.References;

/// <summary>
/// The object behind a grain reference. Not sealed and public because <see cref="DispatchProxy"/>
/// generates a subclass of it for each grain interface.
/// </summary>
public class GrainReferenceProxy : DispatchProxy
{
    private GrainClass? _grainClass;
    private string? _key;
    private FrozenDictionary<MethodInfo, ProxyMethodInvoker>? _invokers;

    internal void Initialize(GrainClass grainClass, string key, FrozenDictionary<MethodInfo, ProxyMethodInvoker> invokers)
    {
        _grainClass = grainClass;
        _key = key;
        _invokers = invokers;
    }

    public override string ToString() => $"GrainReference:{_grainClass?.Type.Name}/{_key}";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return _invokers![targetMethod].Invoke(_grainClass!, _key!, args ?? []);
    }
}

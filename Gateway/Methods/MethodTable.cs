using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Gateway.Methods;

/// <summary>The RPC methods by name, looked up from the request's characters without allocating a string.</summary>
internal sealed class MethodTable
{
    /// <summary>Longer names cannot be registered, so a longer requested name is unknown without a lookup.</summary>
    public const int MaxNameLength = 256;

    private readonly Dictionary<string, RpcMethod> _methods;
    private readonly Dictionary<string, RpcMethod>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public MethodTable(Dictionary<string, RpcMethod> methods)
    {
        _methods = methods;
        _lookup = methods.GetAlternateLookup<ReadOnlySpan<char>>();
        ConnectionScopedGrainClasses = [.. methods.Values
            .Where(m => m.KeyKind == OrleansRpc.Rpc.RpcKeyKind.Connection)
            .Select(m => m.GrainClass)
            .Distinct()];
    }

    public IReadOnlyCollection<RpcMethod> Methods => _methods.Values;

    /// <summary>Grain classes with a grain per connection: deactivated when their connection ends.</summary>
    public GrainClass[] ConnectionScopedGrainClasses { get; }

    public bool TryFind(ReadOnlySpan<char> name, out RpcMethod method) => _lookup.TryGetValue(name, out method!);
}

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
    }

    public IReadOnlyCollection<RpcMethod> Methods => _methods.Values;

    public bool TryFind(ReadOnlySpan<char> name, out RpcMethod method) => _lookup.TryGetValue(name, out method!);
}

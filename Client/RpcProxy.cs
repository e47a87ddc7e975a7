using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansRpc.Client;

/// <summary>A grain interface implemented by JSON-RPC calls (<see cref="JsonRpcClient.GetProxy{TGrainInterface}"/>).</summary>
/// <remarks>Not sealed: DispatchProxy implements the interface in a class it derives from this one.</remarks>
public class RpcProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, RpcProxyMethod> Methods = new();

    private JsonRpcClient _client = null!;

    internal static TGrainInterface Create<TGrainInterface>(JsonRpcClient client) where TGrainInterface : class
    {
        var proxy = Create<TGrainInterface, RpcProxy>();
        ((RpcProxy)(object)proxy)._client = client;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return Methods.GetOrAdd(targetMethod, method => new RpcProxyMethod(method)).Invoke(_client, args ?? []);
    }
}

using System.Reflection;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Rpc;
using Orleans;
using Orleans.Runtime;

namespace OrleansRpc.Gateway.Methods;

/// <summary>An RPC method as the dispatcher sees it: name, transports, parameters, target grain, invoker.</summary>
internal sealed class RpcMethod
{
    public required string Name { get; init; }

    public required MethodInfo Method { get; init; }

    /// <summary>Tagged [JsonRpcNotification]: never answered, so a request with an id is refused.</summary>
    public required bool IsNotificationOnly { get; init; }

    public required bool AllowWebSocket { get; init; }

    public required bool AllowHttp { get; init; }

    /// <summary>Every parameter, in declaration order; each has a field in the call (<see cref="ArgumentLayout"/>).</summary>
    public required RpcParameter[] Parameters { get; init; }

    /// <summary>The parameters bound from <c>params</c>, in declaration order.</summary>
    public required RpcParameter[] Bound { get; init; }

    public required RpcParameter? RawParams { get; init; }
    /// <summary>The grain interface the method is called through.</summary>
    public required Type GrainInterface { get; init; }

    // The reference for kinds with a fixed key (singleton, stateless), made on first use: a reference
    // is immutable and may be shared by every call.
    private IGrain? _fixedGrain;

    // The grain and interface types of a keyed method's references, learnt from its first: one object, read whole.
    private GrainTypes? _types;

    public required RpcKeyKind KeyKind { get; init; }

    /// <summary>
    /// Whether a call needs the browser session: its grain is the session's, or it takes the
    /// <see cref="RpcContext"/>, which carries the session's id. Only such a call starts a session over HTTP.
    /// </summary>
    public required bool UsesSession { get; init; }

    /// <summary>The fixed key, for <see cref="RpcKeyKind.Singleton"/> and <see cref="RpcKeyKind.Stateless"/>.</summary>
    public required string? FixedKey { get; init; }

    /// <summary>The argument slot holding the grain key, for <see cref="RpcKeyKind.Parameter"/>.</summary>
    public required int KeyParameterPosition { get; init; }

    /// <summary>Reads the grain key from a bound call, for <see cref="RpcKeyKind.Parameter"/>.</summary>
    public required Func<RpcCall, string?>? ReadKey { get; init; }

    /// <summary>Creates this method's calls, typed after its argument layout.</summary>
    public required RpcCallFactory Calls { get; init; }

    public required RpcInvoker Invoker { get; init; }

    /// <summary>[Authorize]-style demands of the interface and method; null when anyone may call.</summary>
    public required Microsoft.AspNetCore.Authorization.IAuthorizeData[]? Authorization { get; init; }

    public string DisplayName => $"{Method.DeclaringType!.Name}.{Method.Name}";

    /// <summary>The grain a call goes to, given its resolved key.</summary>
    public IGrain Grain(IGrainFactory factory, string key)
    {
        if (FixedKey is not null)
        {
            return _fixedGrain ??= factory.GetGrain(GrainInterface, key);
        }

        // Orleans's GetGrain(Type, key) resolves the interface's grain type by reflection on every call
        // (its attributes, then its name); the types are learnt from the first reference and reused. A blank
        // key still goes to GetGrain, which refuses it.
        if (_types is { } types && !string.IsNullOrWhiteSpace(key))
        {
            return (IGrain)factory.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
        }

        var grain = factory.GetGrain(GrainInterface, key);
        _types ??= new GrainTypes(grain.GetGrainId().Type, ((GrainReference)grain).InterfaceType);
        return grain;
    }

    public bool IsAllowedOn(RpcTransport transport) => transport == RpcTransport.WebSocket ? AllowWebSocket : AllowHttp;

    private sealed record GrainTypes(GrainType Grain, GrainInterfaceType Interface);
}

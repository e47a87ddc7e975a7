namespace OrleansRpc.Rpc;

/// <summary>
/// Declares on a grain interface which grain its RPC methods are called on. Without it, calls go to a
/// grain per connection. For <see cref="RpcKeyKind.Singleton"/> and <see cref="RpcKeyKind.Stateless"/>,
/// <paramref name="value"/> is the key (default <c>"default"</c>); for <see cref="RpcKeyKind.Parameter"/>,
/// the name of a string parameter that every RPC method of the interface has.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class RpcGrainKeyAttribute(RpcKeyKind kind, string? value = null) : Attribute
{
    public RpcKeyKind Kind { get; } = kind;

    public string? Value { get; } = value;
}

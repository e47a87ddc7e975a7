namespace OrleansRpc.Gateway.Dispatch;

/// <summary>A call of a method whose arguments are the fields of <typeparamref name="TArguments"/> (see <see cref="Methods.ArgumentLayout"/>).</summary>
internal sealed class RpcCall<TArguments> : RpcCall
    where TArguments : struct
{
    /// <summary>A field, not a property: binding writes into its items in place through compiled setters.</summary>
    public TArguments Arguments;
}

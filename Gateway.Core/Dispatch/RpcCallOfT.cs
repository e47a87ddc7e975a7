using OrleansRpc.Gateway.Buffers;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>A call of a method whose arguments are the fields of <typeparamref name="TArguments"/> (see <see cref="Methods.ArgumentLayout"/>).</summary>
internal sealed class RpcCall<TArguments> : RpcCall
    where TArguments : struct
{
    /// <summary>Finished calls of this layout; a static of a class generic over a struct is reached directly.</summary>
    public static readonly ReusePool<RpcCall<TArguments>> Pool = new();

    /// <summary>A field, not a property: binding writes into its items in place through compiled setters.</summary>
    public TArguments Arguments;

    protected override void ReturnToPool()
    {
        // Arguments may hold strings or objects of the last caller's; the pool must not keep them alive.
        Arguments = default;
        Pool.Return(this);
    }
}

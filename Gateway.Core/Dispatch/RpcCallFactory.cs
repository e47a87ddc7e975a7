using OrleansRpc.Gateway.Buffers;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Creates the calls of one method, each typed after the method's <see cref="Methods.ArgumentLayout"/>,
/// without reflection; a finished call of the same layout is reused when there is one.
/// </summary>
internal abstract class RpcCallFactory
{
    public abstract RpcCall Create();
}

internal sealed class RpcCallFactory<TArguments> : RpcCallFactory
    where TArguments : struct
{
    public override RpcCall Create() => RpcCall<TArguments>.Pool.TryTake() ?? new RpcCall<TArguments>();
}

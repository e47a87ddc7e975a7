using Microsoft.Extensions.ObjectPool;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Creates the calls of one method, each typed after the method's <see cref="Methods.ArgumentLayout"/>,
/// without reflection, and takes them back once they are over, so that a call costs no allocation.
/// </summary>
internal abstract class RpcCallFactory
{
    public abstract RpcCall Create();
}

internal sealed class RpcCallFactory<TArguments> : RpcCallFactory
    where TArguments : struct
{
    // Calls of one method running at once; a call is taken back when it ends, so a few hundred cover a busy method.
    private const int Retained = 256;

    private readonly ObjectPool<RpcCall<TArguments>> _calls;

    public RpcCallFactory()
    {
        _calls = new DefaultObjectPool<RpcCall<TArguments>>(new CallPolicy(this), Retained);
    }

    public override RpcCall Create() => _calls.Get();

    public void Return(RpcCall<TArguments> call) => _calls.Return(call);

    private sealed class CallPolicy(RpcCallFactory<TArguments> factory) : IPooledObjectPolicy<RpcCall<TArguments>>
    {
        public RpcCall<TArguments> Create() => new(factory);

        public bool Return(RpcCall<TArguments> obj) => true;
    }
}

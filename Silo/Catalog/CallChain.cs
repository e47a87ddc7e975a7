namespace OrleansRpc.Silo.Catalog;

/// <summary>
/// The activations a logical call has passed through, carried in the execution context. A call back into
/// an activation that is already in the chain (A → B → A) interleaves instead of waiting for a turn that
/// cannot come: call-chain reentrancy.
/// </summary>
internal sealed class CallChain(Activation activation, CallChain? caller)
{
    private static readonly AsyncLocal<CallChain?> s_current = new();

    public static CallChain? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public static bool Contains(CallChain? chain, Activation activation)
    {
        for (var link = chain; link is not null; link = link.Caller)
        {
            if (ReferenceEquals(link.Activation, activation))
            {
                return true;
            }
        }

        return false;
    }

    public Activation Activation { get; } = activation;

    public CallChain? Caller { get; } = caller;
}

namespace OrleansRpc.Runtime;

/// <summary>What the runtime tells an activation about itself.</summary>
public interface IGrainContext
{
    /// <summary>The grain class, which together with <see cref="Key"/> identifies the grain.</summary>
    Type GrainType { get; }

    string Key { get; }

    IGrainFactory GrainFactory { get; }

    /// <summary>Deactivates this activation once the current call has finished.</summary>
    void DeactivateOnIdle();
}

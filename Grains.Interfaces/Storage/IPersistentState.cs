namespace OrleansRpc.Storage;

/// <summary>
/// A grain's persisted state, injected into the grain's constructor through
/// <see cref="PersistentStateAttribute"/> and read before <c>OnActivateAsync</c>.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    TState State { get; set; }

    /// <summary>The version last read or written; <c>null</c> when nothing is stored.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync();

    /// <exception cref="InconsistentStateException">Someone else wrote the state since it was read.</exception>
    Task WriteStateAsync();

    Task ClearStateAsync();
}

using OrleansRpc.Storage;

namespace OrleansRpc.Silo.Storage;

/// <summary>A storage provider for grain state, registered as a keyed service under its name.</summary>
public interface IGrainStorage
{
    Task<StoredState?> ReadAsync(string stateName, string grainId);

    /// <summary>Stores the state if the stored ETag is <paramref name="expectedEtag"/> (null: nothing stored) and returns the new ETag.</summary>
    /// <exception cref="InconsistentStateException">The stored ETag is another.</exception>
    Task<string> WriteAsync(string stateName, string grainId, ReadOnlyMemory<byte> json, string? expectedEtag);

    /// <exception cref="InconsistentStateException">The stored ETag is another.</exception>
    Task ClearAsync(string stateName, string grainId, string? expectedEtag);
}

using OrleansRpc.Storage;

namespace OrleansRpc.Silo.Storage;

/// <summary>
/// Grain state in this process's memory, for the embedded single-node default and tests. It keeps
/// serialized bytes, not objects, so activations never share a state instance.
/// </summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly Dictionary<(string State, string Grain), StoredState> _states = [];
    private long _version;

    public Task<StoredState?> ReadAsync(string stateName, string grainId)
    {
        lock (_states)
        {
            return Task.FromResult(_states.GetValueOrDefault((stateName, grainId)));
        }
    }

    public Task<string> WriteAsync(string stateName, string grainId, ReadOnlyMemory<byte> json, string? expectedEtag)
    {
        lock (_states)
        {
            CheckEtag(stateName, grainId, expectedEtag);
            var etag = Interlocked.Increment(ref _version).ToString(System.Globalization.CultureInfo.InvariantCulture);
            _states[(stateName, grainId)] = new StoredState(json.ToArray(), etag);
            return Task.FromResult(etag);
        }
    }

    public Task ClearAsync(string stateName, string grainId, string? expectedEtag)
    {
        lock (_states)
        {
            CheckEtag(stateName, grainId, expectedEtag);
            _states.Remove((stateName, grainId));
            return Task.CompletedTask;
        }
    }

    private void CheckEtag(string stateName, string grainId, string? expectedEtag)
    {
        var current = _states.GetValueOrDefault((stateName, grainId))?.Etag;
        if (current != expectedEtag)
        {
            throw new InconsistentStateException(
                $"State '{stateName}' of {grainId} was written by someone else (stored ETag {current ?? "none"}, expected {expectedEtag ?? "none"}).",
                current,
                expectedEtag);
        }
    }
}

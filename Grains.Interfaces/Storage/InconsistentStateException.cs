namespace OrleansRpc.Storage;

/// <summary>The stored state's ETag is not the one this activation read: someone else wrote it.</summary>
public sealed class InconsistentStateException(string message, string? storedEtag, string? currentEtag) : Exception(message)
{
    public string? StoredEtag { get; } = storedEtag;

    public string? CurrentEtag { get; } = currentEtag;
}

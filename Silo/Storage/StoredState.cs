namespace OrleansRpc.Silo.Storage;

/// <summary>A grain state as a storage provider keeps it: JSON bytes and the ETag of that version.</summary>
public sealed record StoredState(ReadOnlyMemory<byte> Json, string Etag);

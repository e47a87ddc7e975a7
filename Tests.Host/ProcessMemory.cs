using Orleans;

namespace OrleansRpc.Tests.Host;

/// <summary>A process's memory after a full, compacting collection: the managed heap's live bytes and what the GC holds committed.</summary>
[GenerateSerializer, Immutable]
public sealed record ProcessMemory([property: Id(0)] long Heap, [property: Id(1)] long Committed);

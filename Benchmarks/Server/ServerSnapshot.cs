namespace OrleansRpc.Benchmarks.Server;

/// <summary>What the server process says about itself; the load generator reads CPU time from /proc instead.</summary>
internal sealed record ServerSnapshot(
    long AllocatedBytes,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections,
    long HeapBytes,
    long ResidentBytes,
    int OpenFiles,
    long FileLimit,
    long SlowConsumersClosed,
    long ConnectionBudget,
    long ConnectionsRefused,
    Dictionary<string, int> Gen2ByReason);

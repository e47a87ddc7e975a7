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
    Dictionary<string, int> Gen2ByReason,
    TimeSpan GcPause,
    long RetriedCalls)
{
    /// <summary>Two processes' snapshots as one, for a run whose server side is a cluster: counts add up.</summary>
    public ServerSnapshot Plus(ServerSnapshot other)
    {
        var reasons = new Dictionary<string, int>(Gen2ByReason);
        foreach (var (reason, count) in other.Gen2ByReason)
        {
            reasons[reason] = reasons.GetValueOrDefault(reason) + count;
        }

        return new ServerSnapshot(
            AllocatedBytes + other.AllocatedBytes,
            Gen0Collections + other.Gen0Collections,
            Gen1Collections + other.Gen1Collections,
            Gen2Collections + other.Gen2Collections,
            HeapBytes + other.HeapBytes,
            ResidentBytes + other.ResidentBytes,
            OpenFiles + other.OpenFiles,
            Math.Min(FileLimit, other.FileLimit),
            SlowConsumersClosed + other.SlowConsumersClosed,
            Math.Min(ConnectionBudget, other.ConnectionBudget),
            ConnectionsRefused + other.ConnectionsRefused,
            reasons,
            GcPause + other.GcPause,
            RetriedCalls + other.RetriedCalls);
    }
}

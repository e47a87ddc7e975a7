using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>The server side of a measured run, one process or several: the CPU time it used and what its runtime says about itself.</summary>
internal interface IMeasuredServer
{
    TimeSpan CpuTime();

    /// <param name="collect">Force a full, compacting collection first, so that heap and RSS are what is alive.</param>
    Task<ServerSnapshot> SnapshotAsync(bool collect = false);
}

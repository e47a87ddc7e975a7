namespace OrleansRpc.Benchmarks.Load;

/// <summary>One measured window of one workload: what it did, what it cost the server, and how long it took.</summary>
internal sealed record Measurement(
    string Name,
    TimeSpan Wall,
    TimeSpan ServerCpu,
    TimeSpan ClientCpu,
    long Operations,
    long Errors,
    string? FirstError,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan P999,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    IReadOnlyDictionary<string, int> Gen2ByReason)
{
    // /proc counts CPU time in 10 ms ticks; never divide by less.
    private static readonly TimeSpan s_cpuResolution = TimeSpan.FromMilliseconds(10);

    /// <summary>The primary figure: operations per second of server CPU, which a busy shared machine does not skew.</summary>
    public double PerServerCpuSecond => Operations / Max(ServerCpu, s_cpuResolution).TotalSeconds;

    public double PerSecond => Operations / Wall.TotalSeconds;

    public double AllocatedPerOperation => Operations == 0 ? double.NaN : (double)AllocatedBytes / Operations;

    /// <summary>Server cores busy during the window.</summary>
    public double ServerCores => ServerCpu / Wall;

    public double ClientCores => ClientCpu / Wall;

    /// <summary>
    /// The load generator, not the server, set the pace: the machine was busy and the load generator
    /// used at least as much of it as the server did.
    /// </summary>
    public bool LoadGeneratorBound =>
        ClientCpu >= ServerCpu && ServerCores + ClientCores >= 0.9 * Environment.ProcessorCount;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

namespace OrleansRpc.Benchmarks.Cluster;

/// <summary>What one reconnect storm did to the survivor and its steady clients (ReconnectStormScenario).</summary>
internal sealed record StormResult(
    TimeSpan Recovery,
    string MedianAttempts,
    string MostAttempts,
    TimeSpan CalmP99,
    TimeSpan StormP99,
    long SteadyErrors,
    TimeSpan SurvivorCpu,
    string Collections,
    TimeSpan GcPauses,
    long AllocatedBytes,
    long RetriedCalls)
{
    public double Ratio => CalmP99 > TimeSpan.Zero ? StormP99 / CalmP99 : double.NaN;
}

using OrleansRpc.Demo;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>The SignalR peer of an Orleans app: a hub whose <c>Subtract</c> is the demo calculator grain's.</summary>
internal sealed class GrainBenchmarkHub(IGrainFactory grains) : Microsoft.AspNetCore.SignalR.Hub
{
    public ValueTask<long> Subtract(long minuend, long subtrahend) =>
        grains.GetGrain<ICalculatorGrain>(GrainBaseline.Key).Subtract(minuend, subtrahend);
}

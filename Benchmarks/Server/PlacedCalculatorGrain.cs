using Orleans.Concurrency;

namespace OrleansRpc.Benchmarks.Server;

// Reentrant: the arithmetic never awaits, so interleaving changes nothing, and the calls of many
// connections to one key are not queued behind each other by Orleans's turn-based scheduling.
[Reentrant]
public sealed class PlacedCalculatorGrain : Grain, IPlacedCalculatorGrain
{
    public ValueTask<long> Subtract(string key, long minuend, long subtrahend) => ValueTask.FromResult(minuend - subtrahend);

    public Task Touch() => Task.CompletedTask;
}

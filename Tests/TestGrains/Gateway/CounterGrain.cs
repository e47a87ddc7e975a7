using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class CounterGrain : Grain, ICounterGrain
{
    private int _count;

    public Task<int> Next() => Task.FromResult(++_count);
}

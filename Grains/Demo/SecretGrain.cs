using OrleansRpc.Demo;
using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Grains.Demo;

[StatelessWorker]
public sealed class SecretGrain : Grain, ISecretGrain
{
    public Task<string> Secret() => Task.FromResult("42");
}

using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Demo;

[StatelessWorker]
public sealed class SecretGrain : Grain, ISecretGrain
{
    public Task<string> Secret() => Task.FromResult("42");
}

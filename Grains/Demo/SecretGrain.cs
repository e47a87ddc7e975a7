using OrleansRpc.Demo;
using OrleansRpc.Runtime;

namespace OrleansRpc.Grains.Demo;

public sealed class SecretGrain : Grain, ISecretGrain
{
    public Task<string> Secret() => Task.FromResult("42");
}

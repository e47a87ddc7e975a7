using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public sealed class ChainGrain : Grain, IChainGrain
{
    public async Task<string> Start(string other) =>
        "start>" + await GrainFactory.GetGrain<IChainGrain>(other).Back(GetPrimaryKeyString());

    public async Task<string> Back(string origin) =>
        "back>" + await GrainFactory.GetGrain<IChainGrain>(origin).Leaf();

    public Task<string> Leaf() => Task.FromResult("leaf@" + GetPrimaryKeyString());
}

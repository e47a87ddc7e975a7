using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class DuplicateNameBGrain : Grain, IDuplicateNameBGrain
{
    public Task<int> Second() => Task.FromResult(2);
}

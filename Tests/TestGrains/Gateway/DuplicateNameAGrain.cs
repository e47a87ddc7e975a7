using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>Registered only by the test that expects start-up to fail on the duplicate name.</summary>
public sealed class DuplicateNameAGrain : Grain, IDuplicateNameAGrain
{
    public Task<int> First() => Task.FromResult(1);
}

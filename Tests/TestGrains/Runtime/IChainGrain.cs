using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

/// <summary>A calls B, B calls back into A: a call chain that returns to a grain already in it.</summary>
public interface IChainGrain : IGrainWithStringKey
{
    Task<string> Start(string other);

    Task<string> Back(string origin);

    Task<string> Leaf();
}

using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface IStatefulGrain : IGrainWithStringKey
{
    Task<int> Increment();

    Task<int> Get();
}

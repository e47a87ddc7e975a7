using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface IShortLivedGrain : IGrainWithStringKey
{
    Task<Guid> Instance();
}

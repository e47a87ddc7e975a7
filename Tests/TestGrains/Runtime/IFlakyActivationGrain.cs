using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface IFlakyActivationGrain : IGrainWithStringKey
{
    Task<string> Hello();
}

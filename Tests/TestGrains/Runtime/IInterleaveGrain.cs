using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface IInterleaveGrain : IGrainWithStringKey
{
    Task Block(TaskCompletionSource started, Task release);

    [AlwaysInterleave]
    Task<int> Peek();
}

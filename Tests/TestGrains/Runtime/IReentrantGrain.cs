using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface IReentrantGrain : IGrainWithStringKey
{
    Task Run(TaskCompletionSource started, Task release);
}

using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

[Reentrant]
public sealed class ReentrantGrain : Grain, IReentrantGrain
{
    public async Task Run(TaskCompletionSource started, Task release)
    {
        started.TrySetResult();
        await release;
    }
}

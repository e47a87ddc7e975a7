using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public sealed class InterleaveGrain : Grain, IInterleaveGrain
{
    private int _blocked;

    public async Task Block(TaskCompletionSource started, Task release)
    {
        _blocked++;
        started.TrySetResult();
        await release;
    }

    public Task<int> Peek() => Task.FromResult(_blocked);

    public async Task<int> Hold(TaskCompletionSource started, Task release)
    {
        started.TrySetResult();
        await release;
        return _blocked;
    }
}

using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface IInterleaveGrain : IGrainWithStringKey
{
    Task Block(TaskCompletionSource started, Task release);

    [AlwaysInterleave]
    Task<int> Peek();

    /// <returns>How many <see cref="Block"/> calls had started by the time it was released.</returns>
    [AlwaysInterleave]
    Task<int> Hold(TaskCompletionSource started, Task release);
}

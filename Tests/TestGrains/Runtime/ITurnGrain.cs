using System.Collections.Concurrent;
using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface ITurnGrain : IGrainWithStringKey
{
    /// <summary>Logs its start, signals <paramref name="started"/>, waits for <paramref name="release"/>, logs its end.</summary>
    Task Run(string label, TaskCompletionSource started, Task release, ConcurrentQueue<string> log);

    Task<Guid> Instance();

    Task Fail(string message);

    /// <summary>Asks to be deactivated, then waits for <paramref name="release"/> before the turn ends.</summary>
    Task<Guid> DeactivateAfter(Task release);
}

using System.Collections.Concurrent;
using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public sealed class TurnGrain(Barriers barriers) : Grain, ITurnGrain
{
    private readonly Guid _instance = Guid.NewGuid();

    public async Task Run(string label, TaskCompletionSource started, Task release, ConcurrentQueue<string> log)
    {
        log.Enqueue(label + ":start");
        started.TrySetResult();
        await release;
        log.Enqueue(label + ":end");
    }

    public Task<Guid> Instance() => Task.FromResult(_instance);

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public async Task<Guid> DeactivateAfter(Task release)
    {
        DeactivateOnIdle();
        await release;
        return _instance;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        barriers.Signal($"activated:{GetPrimaryKeyString()}:{_instance}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        barriers.Signal($"deactivated:{GetPrimaryKeyString()}:{reason.ReasonCode}");
        return Task.CompletedTask;
    }
}

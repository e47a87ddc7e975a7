using System.Collections.Concurrent;

namespace OrleansRpc.Tests.TestGrains;

/// <summary>Named barriers shared by tests and the grains they drive: a grain waits on one or signals one.</summary>
public sealed class Barriers
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _barriers = new();

    public TaskCompletionSource Get(string name) =>
        _barriers.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Signal(string name) => Get(name).TrySetResult();

    /// <summary>Waits for the barrier, failing the test rather than hanging if it never comes.</summary>
    public Task WaitAsync(string name) => Get(name).Task.WaitAsync(TimeSpan.FromSeconds(15));
}

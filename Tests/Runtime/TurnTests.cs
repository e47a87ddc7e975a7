using System.Collections.Concurrent;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains.Runtime;

namespace OrleansRpc.Tests.Runtime;

/// <summary>Turn-based execution, proved with barriers: one call at a time per activation, in arrival order.</summary>
public sealed class TurnTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task CallsToOneActivationRunOneAtATimeInArrivalOrder()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("one");
        var log = new ConcurrentQueue<string>();
        var releases = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToArray();
        var starts = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToArray();

        var calls = Enumerable.Range(0, 3).Select(i => grain.Run($"c{i}", starts[i], releases[i].Task, log)).ToArray();
        await starts[0].Task.WaitAsync(Limit);

        // The second and third calls are queued behind the first, which is still in its turn.
        Assert.False(starts[1].Task.IsCompleted);
        Assert.False(starts[2].Task.IsCompleted);

        // Releasing the third first changes nothing: order is arrival order.
        releases[2].SetResult();
        releases[0].SetResult();
        await calls[0].WaitAsync(Limit);
        await starts[1].Task.WaitAsync(Limit);
        Assert.False(starts[2].Task.IsCompleted);
        releases[1].SetResult();
        await Task.WhenAll(calls).WaitAsync(Limit);

        Assert.Equal(["c0:start", "c0:end", "c1:start", "c1:end", "c2:start", "c2:end"], log);
    }

    [Fact]
    public async Task DifferentActivationsRunInParallel()
    {
        await using var silo = await TestSilo.StartAsync();
        var log = new ConcurrentQueue<string>();
        var blockedStarted = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var blocked = silo.Grains.GetGrain<ITurnGrain>("a").Run("a", blockedStarted, release.Task, log);
        await blockedStarted.Task.WaitAsync(Limit);

        // Grain b completes while grain a is still inside its turn.
        var otherStarted = new TaskCompletionSource();
        await silo.Grains.GetGrain<ITurnGrain>("b").Run("b", otherStarted, Task.CompletedTask, log).WaitAsync(Limit);
        Assert.False(blocked.IsCompleted);

        release.SetResult();
        await blocked.WaitAsync(Limit);
        Assert.Equal(["a:start", "b:start", "b:end", "a:end"], log);
    }

    [Fact]
    public async Task AFailingCallFailsOnlyItself()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("failing");
        var before = await grain.Instance();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("boom"));
        Assert.Equal("boom", error.Message);

        Assert.Equal(before, await grain.Instance());
    }

    [Fact]
    public async Task ReentrantGrainInterleavesCalls()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IReentrantGrain>("r");
        var firstStarted = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var first = grain.Run(firstStarted, release.Task);
        await firstStarted.Task.WaitAsync(Limit);

        var secondStarted = new TaskCompletionSource();
        await grain.Run(secondStarted, Task.CompletedTask).WaitAsync(Limit);
        Assert.False(first.IsCompleted);

        release.SetResult();
        await first.WaitAsync(Limit);
    }

    [Fact]
    public async Task ReentrantCallsInterleaveOnlyAtAwaits()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IOverlapGrain>("o");
        Assert.Equal(0, await grain.Work(1));
        var calls = Enumerable.Range(0, 8).Select(_ => Task.Run(() => grain.Work(200))).ToArray();
        var overlaps = await Task.WhenAll(calls).WaitAsync(Limit);
        Assert.All(overlaps, count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task AlwaysInterleaveMethodRunsDuringABlockedCall()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IInterleaveGrain>("i");
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var blocked = grain.Block(started, release.Task);
        await started.Task.WaitAsync(Limit);

        Assert.Equal(1, await grain.Peek().WaitAsync(Limit));
        Assert.False(blocked.IsCompleted);

        release.SetResult();
        await blocked.WaitAsync(Limit);
    }

    [Fact]
    public async Task ACallToAnIdleActivationWaitsForInterleavedCallsStillRunning()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IInterleaveGrain>("idle");
        Assert.Equal(0, await grain.Peek().WaitAsync(Limit));
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holding = grain.Hold(started, release.Task);
        await started.Task.WaitAsync(Limit);

        // No turn is running and nothing is queued, but the interleaved call has not finished.
        var blocking = grain.Block(new TaskCompletionSource(), Task.CompletedTask);
        release.SetResult();
        Assert.Equal(0, await holding.WaitAsync(Limit));
        await blocking.WaitAsync(Limit);
        Assert.Equal(1, await grain.Peek().WaitAsync(Limit));
    }

    [Fact]
    public async Task ACallChainBackIntoAGrainDoesNotDeadlock()
    {
        await using var silo = await TestSilo.StartAsync();
        var result = await silo.Grains.GetGrain<IChainGrain>("A").Start("B").WaitAsync(Limit);
        Assert.Equal("start>back>leaf@A", result);
    }

    [Fact]
    public async Task UnregisteredInterfaceIsRefusedAtGetGrain()
    {
        await using var silo = await TestSilo.StartAsync();
        var error = Assert.Throws<InvalidOperationException>(() => silo.Grains.GetGrain<OrleansRpc.Demo.ICalculatorGrain>("x"));
        Assert.Contains("ICalculatorGrain", error.Message);
    }
}

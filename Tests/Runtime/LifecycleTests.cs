using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;
using OrleansRpc.Silo.Storage;
using OrleansRpc.Storage;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains.Runtime;

namespace OrleansRpc.Tests.Runtime;

/// <summary>Activation, idle collection, DeactivateOnIdle, persistent state and activation failure.</summary>
public sealed class LifecycleTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task FirstCallActivatesAndIdleCollectionDeactivates()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("idle");
        var grainClass = silo.Catalog.GetGrainClass(typeof(ITurnGrain));
        Assert.False(grainClass.IsActive("idle"));

        var first = await grain.Instance();
        await silo.Barriers.WaitAsync($"activated:idle:{first}");
        Assert.True(grainClass.IsActive("idle"));

        Assert.Equal(1, silo.Catalog.CollectIdleActivations(TimeSpan.Zero));
        await silo.Barriers.WaitAsync($"deactivated:idle:{DeactivationReasonCode.ActivationIdle}");

        var second = await grain.Instance();
        Assert.NotEqual(first, second);
        await silo.Barriers.WaitAsync($"activated:idle:{second}");
    }

    [Fact]
    public async Task ABusyActivationIsNotCollected()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("busy");
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var call = grain.Run("busy", started, release.Task, new());
        await started.Task.WaitAsync(Limit);

        Assert.Equal(0, silo.Catalog.CollectIdleActivations(TimeSpan.Zero));
        Assert.Equal(0, silo.Catalog.CollectIdleActivations(TimeSpan.FromHours(1)));

        release.SetResult();
        await call.WaitAsync(Limit);
    }

    [Fact]
    public async Task CallsQueuedBehindDeactivateOnIdleGoToANewActivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("leaving");
        var release = new TaskCompletionSource();
        var leaving = grain.DeactivateAfter(release.Task);
        var queued = grain.Instance();
        Assert.False(queued.IsCompleted);

        release.SetResult();
        var old = await leaving.WaitAsync(Limit);
        await silo.Barriers.WaitAsync($"deactivated:leaving:{DeactivationReasonCode.ApplicationRequested}");
        Assert.NotEqual(old, await queued.WaitAsync(Limit));
    }

    [Fact]
    public async Task AGrainThatLeavesAsSoonAsItArrivesStillServesEveryCall()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IShortLivedGrain>("brief");
        var instances = await Task.WhenAll(Enumerable.Range(0, 2000).Select(_ => grain.Instance())).WaitAsync(Limit);
        Assert.Equal(2000, instances.Length);
        Assert.True(instances.Distinct().Count() > 1);
    }

    [Fact]
    public async Task StateSurvivesDeactivation()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IStatefulGrain>("counter");
        Assert.Equal(1, await grain.Increment());
        Assert.Equal(2, await grain.Increment());

        var grainClass = silo.Catalog.GetGrainClass(typeof(IStatefulGrain));
        await grainClass.DeactivateAsync("counter", new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "test")).WaitAsync(Limit);
        Assert.False(grainClass.IsActive("counter"));

        Assert.Equal(2, await grain.Get());
        Assert.Equal(3, await grain.Increment());
    }

    [Fact]
    public async Task AStaleEtagRaisesInconsistentStateException()
    {
        var storage = new MemoryGrainStorage();
        var options = System.Text.Json.JsonSerializerOptions.Default;
        var first = new PersistentState<CountState>(storage, "count", "grain/1", options);
        var second = new PersistentState<CountState>(storage, "count", "grain/1", options);
        await first.ReadStateAsync();
        await second.ReadStateAsync();

        first.State.Count = 1;
        await first.WriteStateAsync();
        Assert.NotNull(first.Etag);

        second.State.Count = 99;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(second.WriteStateAsync);
        Assert.Equal(first.Etag, conflict.StoredEtag);
        await Assert.ThrowsAsync<InconsistentStateException>(second.ClearStateAsync);

        await second.ReadStateAsync();
        Assert.Equal(1, second.State.Count);
        second.State.Count = 2;
        await second.WriteStateAsync();
        await Assert.ThrowsAsync<InconsistentStateException>(first.WriteStateAsync);
    }

    [Fact]
    public async Task AFailedActivationFailsItsCallsAndTheNextCallTriesAgain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IFlakyActivationGrain>("flaky");
        silo.ActivationSwitch.Fail = true;
        var error = await Assert.ThrowsAsync<GrainActivationException>(grain.Hello);
        Assert.Contains("activation refused", error.Message);
        Assert.False(silo.Catalog.GetGrainClass(typeof(IFlakyActivationGrain)).IsActive("flaky"));

        silo.ActivationSwitch.Fail = false;
        Assert.Equal("hello", await grain.Hello());
    }

    [Fact]
    public async Task StoppingTheSiloDeactivatesEveryActivation()
    {
        var silo = await TestSilo.StartAsync();
        await silo.Grains.GetGrain<ITurnGrain>("s1").Instance();
        await silo.Grains.GetGrain<ITurnGrain>("s2").Instance();
        var barriers = silo.Barriers;

        await silo.DisposeAsync();

        await barriers.WaitAsync($"deactivated:s1:{DeactivationReasonCode.ShuttingDown}");
        await barriers.WaitAsync($"deactivated:s2:{DeactivationReasonCode.ShuttingDown}");
    }
}

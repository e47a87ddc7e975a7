using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime.Placement;
using Orleans.Runtime;
using Orleans.TestingHost;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Grains.Hosting;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Groups;
using OrleansRpc.Notifications;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains;

namespace OrleansRpc.Tests.Groups.Cluster;

/// <summary>
/// Group semantics on a real two-silo Orleans cluster (InProcessTestCluster): members on both silos, the
/// group grain on either; each silo's sockets are recorded where the gateway would write them.
/// </summary>
public sealed class TwoSiloGroupTests : IAsyncLifetime
{
    private static readonly Barriers s_barriers = new();
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOrleansRpc();
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddOrleansRpcGroupStreams();
            silo.Services.AddSingleton<NodeConnections>();
            silo.Services.AddSingleton<INodeConnections>(sp => sp.GetRequiredService<NodeConnections>());
            silo.Services.AddSingleton(sp => new RecordingSockets(sp.GetRequiredService<NodeConnections>()));
            silo.Services.AddSingleton(s_barriers);
        });
        builder.ConfigureClient(client => client.Services.AddOrleansRpcSerialization());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task MembersOnBothSilosGetEachNotificationBeforeTheSendReturns(int groupSilo)
    {
        var (group, (_, aSocket), (b, bSocket)) = await TwoMembersAsync(groupSilo);
        Assert.Equal(SiloOf(Grains.GetGrain<IGroupGrain>(group)), _cluster.Silos[groupSilo].SiloAddress);
        Assert.Equal(SiloOf(Grains.GetGrain<IConnectionGrain>(b)), _cluster.Silos[1].SiloAddress);

        await Grains.GetGrain<IGroupGrain>(group).Notify("room.message", new { text = "hi" });

        // Queued on both silos' sockets by the time the send returned: nothing to wait for.
        Assert.Equal((1, 1), (aSocket.Count, bSocket.Count));
        const string Expected = """{"jsonrpc":"2.0","method":"room.message","params":{"text":"hi"}}""";
        JsonAssert.Equal(Expected, await aSocket.ReceiveAsync());
        JsonAssert.Equal(Expected, await bSocket.ReceiveAsync());
        Assert.Equal(2, await Grains.CountGroupMembers(group));
    }

    [Fact]
    public async Task ConcurrentPublishesReachEveryMemberInTheOrderOfTheirSequenceNumbers()
    {
        const int Publishes = 300;
        var (group, (_, aSocket), (_, bSocket)) = await TwoMembersAsync(groupSilo: 1);

        // Many publishers at once: while one delivery is on its way to the nodes, the others wait for the next.
        var sequences = await Task.WhenAll(Enumerable.Range(0, Publishes).Select(i => Grains.GetGrain<IGroupGrain>(group).Notify("n", new[] { i })));

        var bySequence = Enumerable.Range(0, Publishes).OrderBy(i => sequences[i]).Select(i => $$"""{"jsonrpc":"2.0","method":"n","params":[{{i}}]}""").ToArray();
        Assert.Equal(Publishes, sequences.Distinct().Count());
        foreach (var socket in new[] { aSocket, bSocket })
        {
            Assert.Equal(Publishes, socket.Count);
            for (var k = 0; k < Publishes; k++)
            {
                Assert.Equal(bySequence[k], await socket.ReceiveAsync());
            }
        }
    }

    [Fact]
    public async Task AMemberThatLeftOnTheOtherSiloGetsNothingMore()
    {
        var (group, (_, aSocket), (b, bSocket)) = await TwoMembersAsync(groupSilo: 0);

        Assert.True(await Grains.GetGrain<IConnectionGrain>(b).LeaveGroup(group));
        await Grains.GetGrain<IGroupGrain>(group).Notify("after", new[] { 1 });
        await Grains.GetGrain<IGroupGrain>(group).Notify("sentinel", new[] { 2 });

        Assert.Contains("\"after\"", await aSocket.ReceiveAsync());
        Assert.Contains("\"sentinel\"", await aSocket.ReceiveAsync());
        Assert.Equal(0, bSocket.Count);
        Assert.Equal(1, await Grains.CountGroupMembers(group));
    }

    [Fact]
    public async Task ClosingAConnectionOnOneSiloTakesItOutOfTheGroupWithoutActivatingAnything()
    {
        var (group, (_, aSocket), (b, _)) = await TwoMembersAsync(groupSilo: 0);

        // As the gateway closes a connection: no longer open on its node, then its activations go.
        var gone = _cluster.WaitForDeactivationAsync(Grains.GetGrain<IConnectionGrain>(b));
        Silo(1).GetRequiredService<RecordingSockets>().Close(b);
        Silo(1).GetRequiredService<ConnectionActivations>().Deactivate(b);
        Silo(1).GetRequiredService<ConnectionActivations>().Deactivate(Silo(1).GetRequiredService<NodeTag>().Value + ".never-opened");
        await gone.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, await Grains.CountGroupMembers(group));
        Assert.False(_cluster.TryGetGrainContext(Grains.GetGrain<IConnectionGrain>(Silo(1).GetRequiredService<NodeTag>().Value + ".never-opened").GetGrainId(), out _));
        await Grains.GetGrain<IGroupGrain>(group).Notify("still", new[] { 1 });
        Assert.Contains("\"still\"", await aSocket.ReceiveAsync());
    }

    [Fact]
    public async Task AConnectionGrainThatOrleansDeactivatesWithItsSocketOpenKeepsItsGroupsAndSession()
    {
        var (group, _, (b, bSocket)) = await TwoMembersAsync(groupSilo: 0);
        using var value = System.Text.Json.JsonDocument.Parse("42");
        await Grains.GetGrain<IConnectionGrain>(b).SetSessionValue("answer", value.RootElement);

        // As when the node holding its directory entry dies: the activation goes, the socket stays.
        var gone = _cluster.WaitForDeactivationAsync(Grains.GetGrain<IConnectionGrain>(b));
        Silo(1).GetRequiredService<ConnectionActivations>().Deactivate(b);
        await gone.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(2, await Grains.CountGroupMembers(group));
        Assert.Equal(42, (await Grains.GetGrain<IConnectionGrain>(b).GetSessionValue("answer"))!.Value.GetInt32());
        Assert.Equal([group], await Grains.GetGrain<IConnectionGrain>(b).GetGroups());
        await Grains.GetGrain<IGroupGrain>(group).Notify("still", new[] { 2 });
        Assert.Contains("\"still\"", await bSocket.ReceiveAsync());
    }

    [Fact]
    public async Task AnApplicationGrainHearsTheGroupOnItsStream()
    {
        var group = "g" + Guid.NewGuid().ToString("N");
        var (a, _) = Open(1);
        await Grains.GetGrain<IConnectionGrain>(a).JoinGroup(group);

        await Grains.GetGrain<IGroupGrain>(group).Notify("room.message", new { text = "for listeners" });
        await s_barriers.WaitAsync($"listener:{group}:1");

        var received = await Grains.GetGrain<IGroupListenerGrain>(group).Received();
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"room.message","params":{"text":"for listeners"}}""", Assert.Single(received));
    }

    private IGrainFactory Grains => _cluster.Client;

    private IServiceProvider Silo(int index) => _cluster.Silos[index].ServiceProvider;

    /// <summary>A connection open on the silo; its id names that silo, as the gateway's ids do.</summary>
    private (string Id, RecordingSocket Socket) Open(int silo)
    {
        var id = $"{Silo(silo).GetRequiredService<NodeTag>().Value}.{Guid.NewGuid():N}";
        return (id, Silo(silo).GetRequiredService<RecordingSockets>().Open(id));
    }

    /// <summary>A new group with a member on each silo; its grain is on <paramref name="groupSilo"/>.</summary>
    private async Task<(string Group, (string Id, RecordingSocket Socket) A, (string Id, RecordingSocket Socket) B)> TwoMembersAsync(int groupSilo)
    {
        var group = "g" + Guid.NewGuid().ToString("N");
        var a = Open(0);
        var b = Open(1);
        await JoinPlacingTheGroupAsync(a.Id, group, groupSilo);
        await Grains.GetGrain<IConnectionGrain>(b.Id).JoinGroup(group);
        return (group, a, b);
    }

    /// <summary>The first join activates the group grain; Orleans's placement hint puts it on the silo asked for.</summary>
    private async Task JoinPlacingTheGroupAsync(string connectionId, string group, int silo)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, _cluster.Silos[silo].SiloAddress);
        try
        {
            await Grains.GetGrain<IConnectionGrain>(connectionId).JoinGroup(group);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private SiloAddress? SiloOf(IAddressable grain) =>
        _cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;
}

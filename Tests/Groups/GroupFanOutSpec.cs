using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Groups;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Groups;

/// <summary>
/// Group fan-out, written once and run against every backend (like ASP.NET Core SignalR's scale-out spec
/// tests). Members are spread over the backend's nodes.
/// </summary>
public abstract class GroupFanOutSpec : IAsyncLifetime
{
    private IReadOnlyList<GatewayServer> _nodes = [];

    protected IReadOnlyList<GatewayServer> Nodes => _nodes;

    public async Task InitializeAsync() => _nodes = await StartNodesAsync(null);

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    protected abstract Task<IReadOnlyList<GatewayServer>> StartNodesAsync(Action<JsonRpcOptions>? configure);

    protected static string NewGroup() => "g-" + Guid.NewGuid().ToString("N");

    protected Task<GroupMember> ConnectAsync(int index) => GroupMember.ConnectAsync(_nodes[index % _nodes.Count]);

    private static string Notif(string payloadJson) => $$$"""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":{{{payloadJson}}}}}""";

    [Fact]
    public async Task EveryMemberGetsTheNotificationTheSenderTooBeforeItsAnswer()
    {
        var group = NewGroup();
        await using var a = await ConnectAsync(0);
        await using var b = await ConnectAsync(1);
        await a.JoinAsync(group);
        await b.JoinAsync(group);

        await a.Client.SendAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",{"n":1}],"id":"s"}""");
        JsonAssert.Equal(Notif("""{"n":1}"""), await a.Client.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":"s"}""", await a.Client.ReceiveAsync());
        JsonAssert.Equal(Notif("""{"n":1}"""), await b.Client.ReceiveAsync());
    }

    [Fact]
    public async Task NonMembersGetNothing()
    {
        var group = NewGroup();
        await using var member = await ConnectAsync(0);
        await using var outsider = await ConnectAsync(1);
        await member.JoinAsync(group);

        await using var http = _nodes[0].Client("http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}","x"],"id":1}"""));
        JsonAssert.Equal(Notif("\"x\""), await member.Client.ReceiveAsync());
        await outsider.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task ALeftMemberGetsNothingAndCountFollows()
    {
        var group = NewGroup();
        await using var a = await ConnectAsync(0);
        await using var b = await ConnectAsync(1);
        await a.JoinAsync(group);
        await b.JoinAsync(group);
        Assert.Equal(2, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());

        await b.LeaveAsync(group);
        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
        await using var http = _nodes[0].Client("http");
        await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",2],"id":1}""");
        JsonAssert.Equal(Notif("2"), await a.Client.ReceiveAsync());
        await b.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task JoiningTwiceCountsOnce()
    {
        var group = NewGroup();
        await using var a = await ConnectAsync(0);
        await a.JoinAsync(group);
        await a.JoinAsync(group);
        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
    }

    [Fact]
    public async Task AnAbruptlyDisconnectedMemberLeavesItsGroups()
    {
        var group = NewGroup();
        await using var a = await ConnectAsync(0);
        var b = await ConnectAsync(1);
        await a.JoinAsync(group);
        await b.JoinAsync(group);

        var gone = b.Node.Activations.WhenDeactivated<IConnectionGrain>(b.ConnectionId);
        b.Client.Socket.Abort();
        b.Client.Socket.Dispose();
        await gone.WaitAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
    }

    [Fact]
    public async Task AnEmptyGroupIsDeactivated()
    {
        var group = NewGroup();
        await using var a = await ConnectAsync(0);
        await a.JoinAsync(group);
        var groupNode = _nodes.Single(n => n.Activations.IsActive<IGroupGrain>(group));
        var gone = groupNode.Activations.WhenDeactivated<IGroupGrain>(group);

        await a.LeaveAsync(group);
        await gone.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task IdleCollectionNeverTakesALiveConnectionOutOfItsGroups()
    {
        var group = NewGroup();
        await using var a = await ConnectAsync(0);
        await a.JoinAsync(group);
        await a.CallAsync("session.set", """["kept",true]""");
        foreach (var node in _nodes)
        {
            await node.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }

        await using var http = _nodes[0].Client("http");
        await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}","still here"],"id":1}""");
        JsonAssert.Equal(Notif("\"still here\""), await a.Client.ReceiveAsync());
        Assert.True((await a.CallAsync("session.get", """["kept"]"""))!.GetValue<bool>());
        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
    }

    [Fact]
    public async Task AVersion1MemberGetsTheVersion1Shape()
    {
        var group = NewGroup();
        await using var old = await ConnectAsync(0);
        JsonAssert.Equal("""{"result":true,"error":null,"id":1}""", await old.Client.ExchangeAsync($$"""{"method":"group.join","params":["{{group}}"],"id":1}"""));
        await using var sender = _nodes[0].Client("http");
        await sender.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",[1]],"id":1}""");
        JsonAssert.Equal("""{"method":"notification.notif","params":{"payload":[1]},"id":null}""", await old.Client.ReceiveAsync());
    }

    [Fact]
    public async Task AThousandPipelinedSendsReachEveryMemberInOrder()
    {
        const int Count = 1000;
        var group = NewGroup();
        await using var sender = await ConnectAsync(0);
        await using var other = await ConnectAsync(1);
        await sender.JoinAsync(group);
        await other.JoinAsync(group);

        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                await sender.Client.SendAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",{{i}}],"id":{{i}}}""");
            }
        });

        for (var i = 0; i < Count; i++)
        {
            JsonAssert.Equal(Notif(i.ToString()), await other.Client.ReceiveAsync());
        }

        // The sender sees each of its notifications, in order, before the answer to the send that caused it.
        var seen = 0;
        for (var received = 0; received < 2 * Count; received++)
        {
            var message = JsonNode.Parse(await sender.Client.ReceiveAsync())!;
            if (message["method"] is not null)
            {
                Assert.Equal(seen++, message["params"]!["payload"]!.GetValue<int>());
            }
            else
            {
                Assert.True(message["id"]!.GetValue<int>() < seen);
            }
        }

        await sending;
        Assert.Equal(Count, seen);
    }

    [Fact]
    public async Task TenThousandMembersGetEveryNotification()
    {
        const int Members = 10_000;
        var group = NewGroup();
        var limit = TimeSpan.FromMinutes(2);
        var swarms = _nodes.Select(node => SwarmProcess.Start(node.WebSocketEndpoint, Members / _nodes.Count, group, expectedNotifications: 2)).ToArray();
        try
        {
            foreach (var swarm in swarms)
            {
                Assert.Equal($"joined {Members / _nodes.Count}", await swarm.NextLineAsync(limit));
            }

            await using var sender = _nodes[0].Client("http");
            JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":{{Members}},"id":1}""", await sender.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.count","params":["{{group}}"],"id":1}"""));
            for (var n = 0; n < 2; n++)
            {
                await sender.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",{{n}}],"id":1}""");
            }

            foreach (var swarm in swarms)
            {
                Assert.Equal($"received {2 * Members / _nodes.Count}", await swarm.NextLineAsync(limit));
                Assert.Equal(0, await swarm.ExitCodeAsync(limit));
            }
        }
        finally
        {
            foreach (var swarm in swarms)
            {
                swarm.Dispose();
            }
        }
    }

    [Fact]
    public async Task InvalidGroupNamesAreRefused()
    {
        await using var a = await ConnectAsync(0);
        foreach (var name in new[] { "", "has space", "émoji", new string('x', 101), "semi;colon" })
        {
            var answer = JsonNode.Parse((await a.Client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":[{{System.Text.Json.JsonSerializer.Serialize(name)}}],"id":1}"""))!)!;
            Assert.Equal(-32602, answer["error"]!["code"]!.GetValue<int>());
            Assert.Equal("name", answer["error"]!["data"]!["parameter"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ASlowMemberIsClosedWhileTheOthersGetEverything()
    {
        const int Rounds = 150;
        const int PerRound = 8;
        var nodes = await StartNodesAsync(o => o.MaxOutboundQueue = 16);
        try
        {
            var group = NewGroup();
            await using var slow = await GroupMember.ConnectAsync(nodes[0]);
            await using var fast = await GroupMember.ConnectAsync(nodes[1 % nodes.Count]);
            await slow.JoinAsync(group);
            await fast.JoinAsync(group);
            var payload = "\"" + new string('p', 16 * 1024) + "\"";

            // Rounds paced by the reading member, as a producer is paced by its own work.
            await using var sender = nodes[0].Client("http");
            for (var round = 0; round < Rounds; round++)
            {
                var batch = string.Join(",", Enumerable.Range(0, PerRound).Select(i => $$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",[{{round * PerRound + i}},{{payload}}]],"id":{{i}}}"""));
                await sender.ExchangeAsync($"[{batch}]");
                for (var i = 0; i < PerRound; i++)
                {
                    var message = JsonNode.Parse(await fast.Client.ReceiveAsync())!;
                    Assert.Equal(round * PerRound + i, message["params"]!["payload"]![0]!.GetValue<int>());
                }
            }

            Assert.Equal(1, nodes.Sum(n => n.Services.GetRequiredService<GatewayCounters>().SlowConsumersClosed));
            var gone = slow.Node.Activations.WhenDeactivated<IConnectionGrain>(slow.ConnectionId);
            await gone.WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(1, (await fast.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }
}

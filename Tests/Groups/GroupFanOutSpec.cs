using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Groups;

/// <summary>
/// Group fan-out, written once and run against every backend (like ASP.NET Core SignalR's scale-out spec
/// tests): the embedded one, and a cluster of Gateway and Silo processes. Members are spread over the
/// backend's nodes. The backend is shared by a class's tests; each test has groups of its own.
/// </summary>
public abstract class GroupFanOutSpec(IFanOutBackend backend)
{
    private IReadOnlyList<IFanOutNode> Nodes => backend.Nodes;

    private Task<string> NewGroupAsync() => backend.NewGroupAsync();

    private Task<GroupMember> ConnectAsync(int index) => GroupMember.ConnectAsync(Nodes[index % Nodes.Count]);

    private static string Notif(string payloadJson) => $$$"""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":{{{payloadJson}}}}}""";

    [Fact]
    public async Task EveryMemberGetsTheNotificationTheSenderTooBeforeItsAnswer()
    {
        var group = await NewGroupAsync();
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
        var group = await NewGroupAsync();
        await using var member = await ConnectAsync(0);
        await using var outsider = await ConnectAsync(1);
        await member.JoinAsync(group);

        await using var http = Nodes[0].Client("http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}","x"],"id":1}"""));
        JsonAssert.Equal(Notif("\"x\""), await member.Client.ReceiveAsync());
        await outsider.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task ALeftMemberGetsNothingAndCountFollows()
    {
        var group = await NewGroupAsync();
        await using var a = await ConnectAsync(0);
        await using var b = await ConnectAsync(1);
        await a.JoinAsync(group);
        await b.JoinAsync(group);
        Assert.Equal(2, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());

        await b.LeaveAsync(group);
        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
        await using var http = Nodes[0].Client("http");
        await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",2],"id":1}""");
        JsonAssert.Equal(Notif("2"), await a.Client.ReceiveAsync());
        await b.AssertNothingReceivedAsync();
    }

    [Fact]
    public async Task JoiningTwiceCountsOnce()
    {
        var group = await NewGroupAsync();
        await using var a = await ConnectAsync(0);
        await a.JoinAsync(group);
        await a.JoinAsync(group);
        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
    }

    [Fact]
    public async Task AnAbruptlyDisconnectedMemberLeavesItsGroups()
    {
        var group = await NewGroupAsync();
        await using var a = await ConnectAsync(0);
        var b = await ConnectAsync(1);
        await a.JoinAsync(group);
        await b.JoinAsync(group);

        Assert.True(await b.Node.IsActiveAsync("connection", b.ConnectionId));
        b.Client.Socket.Abort();
        b.Client.Socket.Dispose();
        await b.Node.WhenGoneAsync("connection", b.ConnectionId);

        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
    }

    [Fact]
    public async Task AnEmptyGroupIsDeactivated()
    {
        var home = Nodes[^1];
        var group = await backend.NewGroupAsync(home);
        await using var a = await ConnectAsync(0);
        await a.JoinAsync(group);
        Assert.True(await home.IsActiveAsync("group", group));

        await a.LeaveAsync(group);
        await home.WhenGoneAsync("group", group);
    }

    [Fact]
    public async Task IdleCollectionNeverTakesALiveConnectionOutOfItsGroups()
    {
        var group = await NewGroupAsync();
        await using var a = await ConnectAsync(0);
        await a.JoinAsync(group);
        await a.CallAsync("session.set", """["kept",true]""");
        await backend.CollectIdleActivationsAsync();

        await using var http = Nodes[0].Client("http");
        await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}","still here"],"id":1}""");
        JsonAssert.Equal(Notif("\"still here\""), await a.Client.ReceiveAsync());
        Assert.True((await a.CallAsync("session.get", """["kept"]"""))!.GetValue<bool>());
        Assert.Equal(1, (await a.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
    }

    [Fact]
    public async Task AVersion1MemberGetsTheVersion1Shape()
    {
        var group = await NewGroupAsync();
        await using var old = await ConnectAsync(0);
        JsonAssert.Equal("""{"result":true,"error":null,"id":1}""", await old.Client.ExchangeAsync($$"""{"method":"group.join","params":["{{group}}"],"id":1}"""));
        await using var sender = Nodes[0].Client("http");
        await sender.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",[1]],"id":1}""");
        JsonAssert.Equal("""{"method":"notification.notif","params":{"payload":[1]},"id":null}""", await old.Client.ReceiveAsync());
    }

    [Fact]
    public async Task AThousandPipelinedSendsReachEveryMemberInOrder()
    {
        const int Count = 1000;
        var group = await NewGroupAsync();
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
        var group = await NewGroupAsync();
        var limit = TimeSpan.FromMinutes(2);
        var swarms = Nodes.Select(node => SwarmProcess.Start(node.WebSocketEndpoint, Members / Nodes.Count, group, expectedNotifications: 2)).ToArray();
        try
        {
            foreach (var swarm in swarms)
            {
                Assert.Equal($"joined {Members / Nodes.Count}", await swarm.ReportAsync("joined", limit));
            }

            await using var sender = Nodes[0].Client("http");
            JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":{{Members}},"id":1}""", await sender.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.count","params":["{{group}}"],"id":1}"""));
            for (var n = 0; n < 2; n++)
            {
                await sender.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",{{n}}],"id":1}""");
            }

            foreach (var swarm in swarms)
            {
                Assert.Equal($"received {2 * Members / Nodes.Count}", await swarm.ReportAsync("received", limit));
                Assert.Equal(0, await swarm.ExitCodeAsync(limit));
            }
        }
        finally
        {
            foreach (var swarm in swarms)
            {
                await swarm.DisposeAsync();
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
        await using var small = await backend.StartAnotherAsync("--JsonRpc:MaxOutboundQueue=16");
        var nodes = small.Nodes;
        var group = await small.NewGroupAsync();
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

        long closed = 0;
        foreach (var node in nodes)
        {
            closed += await node.SlowConsumersClosedAsync();
        }

        Assert.Equal(1, closed);
        await slow.Node.WhenGoneAsync("connection", slow.ConnectionId);
        Assert.Equal(1, (await fast.CallAsync("group.count", $"[\"{group}\"]"))!.GetValue<int>());
    }
}

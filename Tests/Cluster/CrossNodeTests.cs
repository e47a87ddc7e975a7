using System.Net;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// What crosses nodes in a cluster of real processes on Redis: group notifications, pushes to a
/// connection, the browser session, the caller's ordering, and where a connection's grain lives.
/// </summary>
public sealed class CrossNodeTests(TwoGatewayFixture fixture) : IClassFixture<TwoGatewayFixture>
{
    [Fact]
    public async Task AGroupNotificationReachesMembersOnEveryGateway()
    {
        var group = "room-" + Guid.NewGuid().ToString("N");
        await using var onA = new WebSocketRpcClient(fixture.A.WebSocketEndpoint);
        await using var onB = new WebSocketRpcClient(fixture.B.WebSocketEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await onA.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await onB.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}"""));

        // Sent from each node over HTTP (a sender that is not a member), received on both.
        foreach (var (sender, payload) in new[] { (fixture.A, 1), (fixture.B, 2) })
        {
            await using var http = new HttpRpcClient(sender.HttpEndpoint);
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":2}""", await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",{{payload}}],"id":2}"""));
            var expected = $$$"""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":{{{payload}}}}}""";
            JsonAssert.Equal(expected, await onA.ReceiveAsync());
            JsonAssert.Equal(expected, await onB.ReceiveAsync());
        }
    }

    [Fact]
    public async Task AGroupMemberGetsItsOwnSendBeforeTheAnswerWhenTheGroupGrainIsOnAnotherNode()
    {
        await using var onA = new WebSocketRpcClient(fixture.A.WebSocketEndpoint);
        await using var onB = new WebSocketRpcClient(fixture.B.WebSocketEndpoint);
        var group = await GroupLivingOutsideAsync(fixture.A);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await onA.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await onB.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}"""));

        await onA.SendAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",7],"id":2}""");

        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":7}}""", await onA.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":2}""", await onA.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":7}}""", await onB.ReceiveAsync());
    }

    [Fact]
    public async Task APushFromOneNodeReachesASocketOnAnother()
    {
        await using var onA = new WebSocketRpcClient(fixture.A.WebSocketEndpoint);
        var connection = await ConnectionIdAsync(onA);

        await using var fromB = new HttpRpcClient(fixture.B.HttpEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await fromB.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.push","params":["{{connection}}","hello",{"n":5}],"id":1}"""));

        // Queued on A's socket before B's call returned.
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"hello","params":{"payload":{"n":5}}}""", await onA.ReceiveAsync());
    }

    [Fact]
    public async Task AnHttpCallOnOneNodeSeesTheSessionAWebSocketOnAnotherWrote()
    {
        // One browser: one cookie jar for both nodes (cookies do not depend on the port).
        var cookies = new CookieContainer();
        await using (var first = new HttpRpcClient(fixture.A.HttpEndpoint, cookies))
        {
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":1}""", await first.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["colour"],"id":1}"""));
        }

        await using var onA = new WebSocketRpcClient(fixture.A.WebSocketEndpoint);
        await onA.ConnectAsync(o => o.Cookies = cookies);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":2}""", await onA.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.set","params":["colour","blue"],"id":2}"""));

        await using var onB = new HttpRpcClient(fixture.B.HttpEndpoint, cookies);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"blue","id":3}""", await onB.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["colour"],"id":3}"""));
    }

    [Fact]
    public async Task PipelinedCallsToAGrainOnAnotherNodeRunInTheOrderTheyWereSent()
    {
        // The browser session's grain lives on B; the WebSocket is on A.
        var cookies = new CookieContainer();
        await using (var onB = new HttpRpcClient(fixture.B.HttpEndpoint, cookies))
        {
            var where = JsonNode.Parse((await onB.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.place_my_session","params":["{{fixture.B.Silo}}"],"id":1}"""))!)!;
            Assert.Equal(fixture.B.Silo, where["result"]?.GetValue<string>());
        }

        await using var onA = new WebSocketRpcClient(fixture.A.WebSocketEndpoint);
        await onA.ConnectAsync(o => o.Cookies = cookies);
        const int Calls = 20;
        for (var i = 1; i <= Calls; i++)
        {
            await onA.SendAsync($$"""{"jsonrpc":"2.0","method":"user_session.set","params":["n",{{i}}],"id":{{i}}}""");
        }

        // Each write ran after the one before it: the last one sent is the value, and every call answered.
        await onA.SendAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["n"],"id":"last"}""");
        var answered = new HashSet<int>();
        while (true)
        {
            var answer = JsonNode.Parse(await onA.ReceiveAsync())!;
            if (answer["id"]!.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                Assert.Equal(Calls, answer["result"]!.GetValue<int>());
                break;
            }

            Assert.True(answer["result"]!.GetValue<bool>());
            answered.Add(answer["id"]!.GetValue<int>());
        }

        Assert.Equal(Calls, answered.Count);
    }

    [Fact]
    public async Task AConnectionsGrainLivesOnTheNodeThatHoldsItsSocketWhoeverActivatesIt()
    {
        foreach (var node in new[] { fixture.A, fixture.B })
        {
            await using var socket = new WebSocketRpcClient(node.WebSocketEndpoint);
            var connection = await ConnectionIdAsync(socket);

            // The other node calls the connection's grain first, so activates it, and asks where it lives.
            var other = node == fixture.A ? fixture.B : fixture.A;
            await using var http = new HttpRpcClient(other.HttpEndpoint);
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.push","params":["{{connection}}","ping",0],"id":1}"""));
            JsonAssert.Equal("""{"jsonrpc":"2.0","method":"ping","params":{"payload":0}}""", await socket.ReceiveAsync());
            var answer = JsonNode.Parse((await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.where","params":["connection","{{connection}}"],"id":2}"""))!)!;
            Assert.Equal(node.Silo, answer["result"]?.GetValue<string>());
        }
    }

    private static async Task<string> ConnectionIdAsync(WebSocketRpcClient socket)
    {
        var whoami = JsonNode.Parse((await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":"who"}"""))!)!;
        return whoami["result"]!["connection"]!.GetValue<string>();
    }

    /// <summary>A group whose grain Orleans placed on the other gateway's silo than <paramref name="node"/>'s.</summary>
    private async Task<string> GroupLivingOutsideAsync(ClusterNode node)
    {
        var other = node == fixture.A ? fixture.B : fixture.A;
        await using var http = new HttpRpcClient(other.HttpEndpoint);
        var group = "far-" + Guid.NewGuid().ToString("N");
        var answer = JsonNode.Parse((await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.place_group","params":["{{group}}","{{other.Silo}}"],"id":1}"""))!)!;
        Assert.Equal(other.Silo, answer["result"]?.GetValue<string>());
        return group;
    }
}

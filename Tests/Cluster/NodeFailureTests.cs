using System.Net;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// A node of a cluster of real processes killed with SIGKILL: the others serve on without a restart, its
/// connections leave every group once Orleans declares it dead, and grains that lived on it answer again
/// from another node (a group counts its members again from the nodes; a session reads Redis).
/// </summary>
public sealed class NodeFailureTests
{
    [Fact]
    public async Task AKilledGatewaysMembersLeaveItsGroupsAndItsGrainsComeBackElsewhere()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1);
        await cluster.ExplainFailureAsync(() => GatewayKilledAsync(cluster));
    }

    private static async Task GatewayKilledAsync(ClusterTopology cluster)
    {
        var (doomed, survivor) = (cluster.Gateways[0], cluster.Gateways[1]);
        var group = "room-" + Guid.NewGuid().ToString("N");
        await using var onDoomed = new WebSocketRpcClient(doomed.WebSocketEndpoint);
        await using var onSurvivor = new WebSocketRpcClient(survivor.WebSocketEndpoint);
        await using var http = new HttpRpcClient(survivor.HttpEndpoint, new CookieContainer());

        // The group's grain and the browser session's grain live on the node that will die.
        var placed = await http.CallAsync("test.place_group", $"\"{group}\",\"{doomed.Silo}\"");
        Assert.Equal(doomed.Silo, placed.GetValue<string>());
        await JoinAsync(onDoomed, group);
        await JoinAsync(onSurvivor, group);
        Assert.Equal(2, (await http.CallAsync("group.count", $"\"{group}\"")).GetValue<int>());
        Assert.True((await http.CallAsync("user_session.set", "\"colour\",\"blue\"")).GetValue<bool>());

        doomed.Process.Kill();

        // The survivor's view of the cluster soon has the killed node dead, and from then on it serves.
        // Before that even a stateless call on the survivor may answer -32004, as the README says: Orleans's
        // placement of it can wait on the dead node's directory partition (a full run caught it here).
        Assert.True((await http.CallAsync("test.await_dead", $"\"{doomed.Silo}\"")).GetValue<bool>());
        Assert.Equal(19, (await http.CallAsync("subtract", "42,23")).GetValue<int>());

        // The group grain came back on a live node and counted the members there: the dead node's are gone.
        Assert.Equal(1, (await ResultRetryingAsync(http, "group.count", $"\"{group}\"")).GetValue<int>());
        Assert.True((await http.CallAsync("group.send", $"\"{group}\",5")).GetValue<bool>());
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":5}}""", await onSurvivor.ReceiveAsync());
        Assert.Equal("blue", (await ResultRetryingAsync(http, "user_session.get", "\"colour\"")).GetValue<string>());
    }

    [Fact]
    public async Task AKilledSilosGrainsComeBackOnAGateway()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1);
        await cluster.ExplainFailureAsync(() => SiloKilledAsync(cluster));
    }

    private static async Task SiloKilledAsync(ClusterTopology cluster)
    {
        var (a, b) = (cluster.Gateways[0], cluster.Gateways[1]);
        await using var http = new HttpRpcClient(a.HttpEndpoint, new CookieContainer());
        var silo = await cluster.HeadlessSiloAsync();
        var group = "room-" + Guid.NewGuid().ToString("N");
        await using var onA = new WebSocketRpcClient(a.WebSocketEndpoint);
        await using var onB = new WebSocketRpcClient(b.WebSocketEndpoint);
        Assert.Equal(silo, (await http.CallAsync("test.place_group", $"\"{group}\",\"{silo}\"")).GetValue<string>());
        await JoinAsync(onA, group);
        await JoinAsync(onB, group);

        cluster.Silos[0].Kill();
        Assert.True((await http.CallAsync("test.await_dead", $"\"{silo}\"")).GetValue<bool>());

        // Both members are on live gateways: the group grain, back on one of them, counts both.
        Assert.Equal(2, (await ResultRetryingAsync(http, "group.count", $"\"{group}\"")).GetValue<int>());
        Assert.True((await http.CallAsync("group.send", $"\"{group}\",6")).GetValue<bool>());
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":6}}""", await onA.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":6}}""", await onB.ReceiveAsync());
    }

    [Fact]
    public async Task ANewNodeJoinsPastTheStaleEntryOfTheOnlyNodeThatWasKilled()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 1, silos: 0);
        await cluster.ExplainFailureAsync(() => OnlyNodeKilledAsync(cluster));
    }

    private static async Task OnlyNodeKilledAsync(ClusterTopology cluster)
    {
        var cookies = new CookieContainer();
        await using (var first = new HttpRpcClient(cluster.Gateways[0].HttpEndpoint, cookies))
        {
            Assert.True((await first.CallAsync("user_session.set", "\"colour\",{\"r\":1}")).GetValue<bool>());
        }

        // Nobody is left to declare it dead: its entry stays active in Redis.
        cluster.Gateways[0].Process.Kill();
        await cluster.Gateways[0].Process.ExitCodeAsync();

        // Orleans alone would have the newcomer try to reach it for five minutes, then give up.
        var next = await cluster.AddGatewayAsync();
        await using var http = new HttpRpcClient(next.HttpEndpoint, cookies);
        JsonAssert.Equal("""{"r":1}""", (await http.CallAsync("user_session.get", "\"colour\"")).ToJsonString());
        Assert.Contains("refuses connections: declared dead", next.Process.Output);
    }

    /// <summary>The result of a call that may first answer -32004 while the cluster moves the grain off the dead node.</summary>
    private static async Task<JsonNode> ResultRetryingAsync(RpcClient client, string method, string parameters)
    {
        var answer = await client.AnswerRetryingAsync(method, parameters, retryOn: [-32004], attempts: 20, TimeSpan.FromMilliseconds(100));
        return answer["result"] ?? throw new Xunit.Sdk.XunitException($"{method} answered {answer.ToJsonString()}");
    }

    private static async Task JoinAsync(WebSocketRpcClient socket, string group) =>
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await socket.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}"""));
}

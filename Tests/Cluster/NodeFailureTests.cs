using System.Net;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>A node of a cluster of real processes killed with SIGKILL.</summary>
public sealed class NodeFailureTests
{
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
            Assert.True((await CallAsync(first, "user_session.set", "\"colour\",{\"r\":1}")).GetValue<bool>());
        }

        // Nobody is left to declare it dead: its entry stays active in Redis.
        cluster.Gateways[0].Process.Kill();
        await cluster.Gateways[0].Process.ExitCodeAsync();

        // Orleans alone would have the newcomer try to reach it for five minutes, then give up.
        var next = await cluster.AddGatewayAsync();
        await using var http = new HttpRpcClient(next.HttpEndpoint, cookies);
        JsonAssert.Equal("""{"r":1}""", (await CallAsync(http, "user_session.get", "\"colour\"")).ToJsonString());
        Assert.Contains("refuses connections: declared dead", next.Process.Output);
    }

    private static async Task<JsonNode> CallAsync(RpcClient client, string method, string parameters)
    {
        var answer = JsonNode.Parse((await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{method}}","params":[{{parameters}}],"id":1}"""))!)!;
        return answer["result"] ?? throw new Xunit.Sdk.XunitException($"{method} answered {answer.ToJsonString()}");
    }
}

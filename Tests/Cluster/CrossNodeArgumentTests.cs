using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// What a call made through one Gateway carries to a grain on the other's node works there: its
/// <c>RpcContext</c> reaches the caller's connection grain.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class CrossNodeArgumentTests
{
    [Fact]
    public async Task AContextThatCrossedNodesReachesItsConnectionGrain()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 0);
        await cluster.ExplainFailureAsync(async () =>
        {
            var (near, far) = (cluster.Gateways[0], cluster.Gateways[1]);
            var name = Guid.NewGuid().ToString("N");
            await using var http = new HttpRpcClient(far.HttpEndpoint);
            Assert.Equal(far.Silo, (await http.CallAsync("test.wait_here", $"\"{name}\"")).GetValue<string>());

            await using var client = new WebSocketRpcClient(near.WebSocketEndpoint);
            var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.context_here","params":["{{name}}"],"id":1}""");
            Assert.Contains("\"result\":\"", answer, StringComparison.Ordinal);
        });
    }
}

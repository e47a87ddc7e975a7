using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// <c>$/cancelRequest</c> on one Gateway stops a call whose grain runs on the other: Orleans carries the
/// method's <see cref="CancellationToken"/> across the grain call, and the grain's node says it saw it.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class CrossNodeCancellationTests
{
    [Fact]
    public async Task ACancelledCallStopsItsGrainOnAnotherNode()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 0);
        await cluster.ExplainFailureAsync(async () =>
        {
            var (near, far) = (cluster.Gateways[0], cluster.Gateways[1]);
            var name = Guid.NewGuid().ToString("N");
            await using var http = new HttpRpcClient(far.HttpEndpoint);
            Assert.Equal(far.Silo, (await http.CallAsync("test.wait_here", $"\"{name}\"")).GetValue<string>());

            await using var client = new WebSocketRpcClient(near.WebSocketEndpoint);
            await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.wait_cancelled","params":["{{name}}"],"id":1}""");
            await far.Process.WaitForLineAsync($"waiting {name}");
            await client.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}""");

            JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32800,"message":"Request cancelled"},"id":1}""", await client.ReceiveAsync());
            await far.Process.WaitForLineAsync($"cancelled {name}");
        });
    }
}

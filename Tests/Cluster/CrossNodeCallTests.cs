using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// What a call made through one Gateway carries to a grain on the other's node works there: its
/// <see cref="CancellationToken"/> (Orleans carries it across the grain call, and the grain's node says it
/// saw it), its <c>RpcContext</c>, which reaches the caller's connection grain, and its
/// <c>IProgress&lt;T&gt;</c>, which sends every report to the caller's socket as <c>$/progress</c>, in order,
/// before the answer, though the last ones were made just before the grain answered; and its streamed result,
/// which the caller's Gateway pulls from the grain's node page by page.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class CrossNodeCallTests(TwoGateways nodes) : IClassFixture<TwoGateways>
{
    [Fact]
    public Task ACancelledCallStopsItsGrainOnAnotherNode() => nodes.Cluster.ExplainFailureAsync(async () =>
    {
        var name = await nodes.GrainOnFarNodeAsync();
        await using var client = new WebSocketRpcClient(nodes.Near.WebSocketEndpoint);
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.wait_cancelled","params":["{{name}}"],"id":1}""");
        await nodes.Far.Process.WaitForLineAsync($"waiting {name}");
        await client.SendAsync("""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}""");

        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32800,"message":"Request cancelled"},"id":1}""", await client.ReceiveAsync());
        await nodes.Far.Process.WaitForLineAsync($"cancelled {name}");
    });

    [Fact]
    public Task ReportsFromAGrainOnAnotherNodeComeInOrderBeforeTheAnswer() => nodes.Cluster.ExplainFailureAsync(async () =>
    {
        var name = await nodes.GrainOnFarNodeAsync();
        await using var client = new WebSocketRpcClient(nodes.Near.WebSocketEndpoint);
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.progress_here","params":["{{name}}", 200, "far"],"id":1}""");
        for (var i = 1; i <= 200; i++)
        {
            JsonAssert.Equal($$$"""{"jsonrpc":"2.0","method":"$/progress","params":{"token":"far","value":{{{i}}}}}""", await client.ReceiveAsync());
        }

        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":"{{nodes.Far.Silo}}","id":1}""", await client.ReceiveAsync());
    });

    [Fact]
    public Task AStreamedResultFromAGrainOnAnotherNodeArrivesWholeAndInOrder() => nodes.Cluster.ExplainFailureAsync(async () =>
    {
        var name = await nodes.GrainOnFarNodeAsync();
        await using var client = new WebSocketRpcClient(nodes.Near.WebSocketEndpoint);

        var (items, _) = await Streams.StreamTests.ReadAllAsync(client, $$"""{"jsonrpc":"2.0","method":"test.stream_here","params":["{{name}}", 2000],"id":0}""");

        Assert.Equal(Enumerable.Range(1, 2000), items);
    });

    [Fact]
    public Task AContextThatCrossedNodesReachesItsConnectionGrain() => nodes.Cluster.ExplainFailureAsync(async () =>
    {
        var name = await nodes.GrainOnFarNodeAsync();
        await using var client = new WebSocketRpcClient(nodes.Near.WebSocketEndpoint);
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.context_here","params":["{{name}}"],"id":1}""");
        Assert.Contains("\"result\":\"", answer, StringComparison.Ordinal);
    });
}

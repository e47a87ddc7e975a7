using OrleansRpc.Tests.Infrastructure;
using StreamJsonRpc;

namespace OrleansRpc.Tests.Streams;

/// <summary>
/// StreamJsonRpc 2.26's own client reads a streamed result with <c>await foreach</c>: its proxy pulls with
/// <c>$/enumerator/next</c> and, when the loop ends early, stops the sequence with <c>$/enumerator/abort</c>.
/// </summary>
public sealed class StreamJsonRpcStreamTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task AwaitForeachReadsTenThousandItemsWholeAndInOrder()
    {
        using var peer = await StreamJsonRpcPeer.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var rpc = peer.Rpc;

        var items = new List<int>();
        await foreach (var item in await rpc.InvokeAsync<IAsyncEnumerable<int>>("test.stream_count", 10_000))
        {
            items.Add(item);
        }

        Assert.Equal(Enumerable.Range(1, 10_000), items);
        Assert.Equal(19, await rpc.InvokeAsync<long>("subtract", 42, 23));
    }

    [Fact]
    public async Task LeavingTheLoopEarlyStopsTheGrainsSequence()
    {
        var barriers = fixture.Server.Services.GetBarriers();
        var barrier = Guid.NewGuid().ToString("N");
        using var peer = await StreamJsonRpcPeer.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var rpc = peer.Rpc;

        var last = 0;
        await foreach (var item in await rpc.InvokeWithCancellationAsync<IAsyncEnumerable<int>>("test.stream_watched", [barrier], CancellationToken.None))
        {
            last = item;
            if (item == 250)
            {
                break;
            }
        }

        Assert.Equal(250, last);
        await barriers.WaitAsync(barrier + ":stopped");
    }
}

using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Notifications;

/// <summary>
/// A client that stops reading must not delay anyone else nor grow the server's memory: its queue is
/// bounded, then it is closed (or loses its oldest notifications), while a reading client gets everything.
/// The sender goes in rounds paced by the reading client, as a real producer would be by its own work.
/// </summary>
public sealed class SlowConsumerTests
{
    private const int Rounds = 250;
    private const int PerRound = 8;
    private const int Count = Rounds * PerRound;
    private const int Size = 16 * 1024;
    private const int Capacity = 16;

    [Fact]
    public async Task ASlowConsumerIsClosedAndTheOthersGetEverything()
    {
        await using var server = await GatewayServer.StartAsync(o => o.MaxOutboundQueue = Capacity);
        await using var slow = new WebSocketRpcClient(server.WebSocketEndpoint);
        await using var fast = new WebSocketRpcClient(server.WebSocketEndpoint);
        var slowId = await IdOf(slow);
        var fastId = await IdOf(fast);

        var accepted = await PushInRoundsAsync(server, slowId, fast, fastId);
        Assert.Equal(Count, accepted[1]);

        // Only what the socket buffers and the bounded queue hold was accepted for the slow client.
        Assert.InRange(accepted[0], Capacity, Count - 1);
        Assert.Equal(1, server.Services.GetRequiredService<GatewayCounters>().SlowConsumersClosed);
        await server.Activations.WhenDeactivated<IConnectionGrain>(slowId).WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task WithDropOldestTheSlowConsumerStaysAndGetsTheNewest()
    {
        await using var server = await GatewayServer.StartAsync(o =>
        {
            o.MaxOutboundQueue = Capacity;
            o.SlowConsumerPolicy = SlowConsumerPolicy.DropOldest;
        });
        await using var slow = new WebSocketRpcClient(server.WebSocketEndpoint);
        await using var fast = new WebSocketRpcClient(server.WebSocketEndpoint);
        var slowId = await IdOf(slow);
        var fastId = await IdOf(fast);

        var accepted = await PushInRoundsAsync(server, slowId, fast, fastId);
        Assert.Equal([Count, Count], accepted);
        Assert.True(server.Services.GetRequiredService<GatewayCounters>().NotificationsDropped > 0);

        // The slow client now reads: what it gets is in order, has gaps, and ends with the newest.
        await slow.SendAsync("""{"jsonrpc":"2.0","method":"ping","id":"end"}""");
        var got = new List<int>();
        while (true)
        {
            var message = JsonNode.Parse(await slow.ReceiveAsync())!;
            if (message["id"] is not null)
            {
                break;
            }

            got.Add(message["params"]![0]!.GetValue<int>());
        }

        Assert.Equal(Count - 1, got[^1]);
        Assert.True(got.Count < Count);
        Assert.Equal(got.Order(), got);
        Assert.Equal(WebSocketState.Open, slow.Socket.State);
    }

    private static async Task<string> IdOf(WebSocketRpcClient client) =>
        JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":0}"""))!)!["result"]!["connection"]!.GetValue<string>();

    /// <summary>Pushes to both, round by round; each round waits until the fast client has read it, in order.</summary>
    private static async Task<int[]> PushInRoundsAsync(GatewayServer server, string slowId, WebSocketRpcClient fast, string fastId)
    {
        await using var http = server.Client("http");
        var accepted = new int[2];
        for (var round = 0; round < Rounds; round++)
        {
            var answer = await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.push_many","params":[["{{slowId}}","{{fastId}}"],{{PerRound}},{{Size}},{{round * PerRound}}],"id":1}""");
            var counts = JsonNode.Parse(answer!)!["result"]!.AsArray();
            accepted[0] += counts[0]!.GetValue<int>();
            accepted[1] += counts[1]!.GetValue<int>();
            for (var i = 0; i < PerRound; i++)
            {
                Assert.Equal(round * PerRound + i, JsonNode.Parse(await fast.ReceiveAsync())!["params"]![0]!.GetValue<int>());
            }
        }

        return accepted;
    }
}

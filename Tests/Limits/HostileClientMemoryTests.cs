using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.WebSockets;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// The attacks of one anonymous client that took the gateway down, each run against the demo gateway in a
/// process of its own under the GC heap limit .NET sets in a 1 GiB container (768 MiB). After each: the
/// process lives, a bystander is answered within 2 s, and the managed heap (after full collections) has
/// grown by less than the test states.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class HostileClientMemoryTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BatchesOfOneLargeAnswerAndInvalidElementsTakeWhatTheyAnswer()
    {
        await using var gateway = await HostileGateway.StartAsync();
        var before = await gateway.HeapAsync();

        // Each batch rented 100 times its first answer (100 MB) before the fix: eight of them ended the process.
        var echo = new string('x', 1_000_000);
        var batch = $$"""[{"jsonrpc":"2.0","method":"echo","params":["{{echo}}"],"id":1}""" + string.Concat(Enumerable.Repeat(",1", 99)) + "]";
        await using var attacker = new WebSocketRpcClient(gateway.WebSocketEndpoint);
        await attacker.ConnectAsync();
        for (var i = 0; i < 8; i++)
        {
            await attacker.SendAsync(batch);
        }
        for (var i = 0; i < 8; i++)
        {
            var answers = JsonNode.Parse(await attacker.ReceiveAsync().WaitAsync(s_patience))!.AsArray();
            Assert.Equal(100, answers.Count);
            Assert.Equal(echo.Length, ((string)answers[0]!["result"]!).Length);
        }

        await gateway.AssertHealthyAsync(before, allowedGrowth: 64L * 1024 * 1024);
    }

    [Fact]
    public async Task BodiesThatAnnounceAMebibyteHoldWhatArrived()
    {
        await using var gateway = await HostileGateway.StartAsync();
        var before = await gateway.HeapAsync();

        // 400 bodies that announce 1 MiB and send a few bytes: 800 MiB rented up front before the fix.
        var sockets = new List<TcpClient>();
        try
        {
            for (var round = 0; round < 8; round++)
            {
                sockets.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gateway.AnnounceBodyAsync(1024 * 1024))));
            }

            await gateway.AssertHealthyAsync(before, allowedGrowth: 64L * 1024 * 1024);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task APingFloodThatIsNeverReadHoldsOnePong()
    {
        await using var gateway = await HostileGateway.StartAsync();
        await using var watcher = new WebSocketRpcClient(gateway.WebSocketEndpoint);
        Assert.Contains("true", await watcher.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.join","params":["flood-done"],"id":1}"""));
        var before = await gateway.HeapAsync();

        // Two million empty pings (12 MB) from a client that reads nothing: each pong was queued before the fix.
        await using var flood = await RawWebSocketClient.ConnectAsync(gateway.WebSocketEndpoint, receiveBuffer: 4096);
        var burst = ClientFrame.Repeated(ClientFrame.Build(0x9, []), 100_000);

        for (var i = 0; i < 20; i++)
        {
            await flood.SendAsync(burst);
        }

        // Sent after every ping on the same socket: once it arrives, every ping has been read.
        await flood.SendAsync(ClientFrame.Build(ClientFrame.Text, """{"jsonrpc":"2.0","method":"group.send","params":["flood-done","sentinel"]}"""u8));
        Assert.Contains("sentinel", await watcher.ReceiveAsync().WaitAsync(s_patience));

        await gateway.AssertHealthyAsync(before, allowedGrowth: 32L * 1024 * 1024);
    }

    [Fact]
    public async Task AnswersThatNobodyReadsOverHttpStayWithinTheNodesBudget()
    {
        // Every request's end is logged, so the test knows when all have been answered or cut off; the
        // write timeout is short, so that they are cut off soon.
        await using var gateway = await HostileGateway.StartAsync("--JsonRpc:WriteTimeout=00:00:03", "--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information");
        var before = await gateway.HeapAsync();

        // One stored 64 KiB value, and 150 sockets that each read it 100 times in a batch and never read the
        // answer: 6.5 MB each, 1 GB together, held for as long as the sockets stayed before the fix.
        var cookies = new CookieContainer();
        await using (var owner = new HttpRpcClient(gateway.HttpEndpoint, cookies))
        {
            Assert.Contains("true", await owner.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"user_session.set","params":["k","{{new string('s', (64 * 1024) - 2)}}"],"id":1}"""));
        }

        var cookie = cookies.GetCookieHeader(gateway.HttpEndpoint);
        var batch = "[" + string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":{{i}}}""")) + "]";
        var sockets = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => gateway.PostWithoutReadingAsync(batch, cookie)));
        try
        {
            await gateway.Process.WaitForLinesAsync(line => line.Contains("Request finished HTTP/1.1 POST", StringComparison.Ordinal), 151).WaitAsync(TimeSpan.FromSeconds(60));
            // Under the heap limit the node holds at most 192 MiB of answers at once (a quarter of it), and
            // nothing once every answer is cut off. Before the fix the process ended on the way.
            await gateway.AssertHealthyAsync(before, allowedGrowth: 64L * 1024 * 1024);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }
}

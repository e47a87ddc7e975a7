using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.WebSockets;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// What the server holds for a client is bounded in bytes: an answer or a batch's answers past
/// <c>MaxResponseBytes</c> are -32006, a ping flood from a client that does not read holds one pong, a
/// WebSocket whose answers are not read stops being read and is closed with 1008, and an HTTP answer
/// nobody takes is cut off after the write timeout (ARCHITECTURE.md, "Bounds").
/// </summary>
public sealed class AnswerBoundsTests
{
    private const int Limit = 64 * 1024;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task AnAnswerPastTheLimitIsTooLargeAndTheConnectionGoesOn(string transport)
    {
        await using var server = await GatewayServer.StartAsync(o => o.MaxResponseBytes = Limit);
        await using var client = server.Client(transport);
        var big = new string('x', Limit + 1);

        var answer = JsonNode.Parse((await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"echo","params":["{{big}}"],"id":1}"""))!)!;

        Assert.Equal(-32006, (int)answer["error"]!["code"]!);
        Assert.Equal("Response too large", (string)answer["error"]!["message"]!);
        Assert.Equal($"The answer is over the limit of {Limit} bytes.", (string)answer["error"]!["data"]!);
        Assert.Equal(1, (int)answer["id"]!);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":2}"""));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task ABatchAnswersTheCallsThatFitAndTooLargeForTheRest(string transport)
    {
        await using var server = await GatewayServer.StartAsync(o => o.MaxResponseBytes = Limit);
        await using var client = server.Client(transport);
        var half = new string('y', Limit * 3 / 5);

        var answers = JsonNode.Parse((await client.ExchangeAsync($$"""
            [{"jsonrpc":"2.0","method":"echo","params":["{{half}}"],"id":1},
             {"jsonrpc":"2.0","method":"echo","params":["{{half}}"],"id":2},
             {"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":3}]
            """))!)!.AsArray();

        Assert.Equal([1, 2, 3], answers.Select(a => (int)a!["id"]!));
        var echoes = answers.Take(2).ToList();
        Assert.Single(echoes, a => (string?)a!["result"] == half);
        var refused = Assert.Single(echoes, a => a!["error"] is not null)!;
        Assert.Equal(-32006, (int)refused["error"]!["code"]!);
        Assert.Equal(19, (int)answers[2]!["result"]!);
    }

    [Fact]
    public async Task APingFloodFromAClientThatDoesNotReadHoldsOnePong()
    {
        await using var server = await GatewayServer.StartAsync();
        await using var reader = new WebSocketRpcClient(server.WebSocketEndpoint);
        var readerId = await IdOf(reader);
        Assert.Contains("true", await reader.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.join","params":["flood-done"],"id":1}"""));
        await using var flood = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint, receiveBuffer: 4096);

        var burst = ClientFrame.Repeated(ClientFrame.Build(0x9, "0123456789"u8), 10_000);

        for (var i = 0; i < 30; i++)
        {
            await flood.SendAsync(burst);
        }

        // The sentinel follows 300,000 pings on the same socket: once it arrives, every ping was read.
        await flood.SendAsync(ClientFrame.Build(ClientFrame.Text, """{"jsonrpc":"2.0","method":"group.send","params":["flood-done","sentinel"]}"""u8));
        Assert.Contains("sentinel", await reader.ReceiveAsync().WaitAsync(s_patience));

        var socket = Assert.Single(server.Services.GetRequiredService<NodeConnections>().WebSockets, c => c.Id != readerId);
        Assert.InRange(socket.WaitingBytes, 0, 12);
    }

    [Fact]
    public async Task AWebSocketThatReadsNoAnswersIsNoLongerReadThenClosed()
    {
        await using var server = await GatewayServer.StartAsync(o =>
        {
            o.MaxOutboundBytes = Limit;
            o.WriteTimeout = TimeSpan.FromSeconds(2);
        });
        await using var attacker = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint, receiveBuffer: 4096);
        var value = new string('v', 16 * 1024);
        await attacker.SendAsync(ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"session.set","params":["k","{{value}}"],"id":1}""")));
        Assert.Contains("true", await attacker.ReceiveTextAsync());
        await attacker.SendAsync(ClientFrame.Build(ClientFrame.Text, """{"jsonrpc":"2.0","method":"whoami","id":2}"""u8));
        var id = (string)JsonNode.Parse(await attacker.ReceiveTextAsync())!["result"]!["connection"]!;

        // 63 batches of 20 reads of 16 KiB each: 20 MiB of answers, none of them read.
        var batch = "[" + string.Join(",", Enumerable.Range(0, 20).Select(i => $$"""{"jsonrpc":"2.0","method":"session.get","params":["k"],"id":{{i}}}""")) + "]";
        var frame = ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes(batch));
        for (var i = 0; i < 63; i++)
        {
            await attacker.SendAsync(frame);
        }

        await server.Activations.WhenDeactivated<IConnectionGrain>(id).WaitAsync(s_patience);
        Assert.Equal(1, server.Services.GetRequiredService<GatewayCounters>().SlowConsumersClosed);
        await using var bystander = new WebSocketRpcClient(server.WebSocketEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}""").WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task AWebSocketFromWhichNothingMovesIsClosedAfterTheWriteTimeout()
    {
        await using var server = await GatewayServer.StartAsync(o => o.WriteTimeout = TimeSpan.FromSeconds(1));
        await using var attacker = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint, receiveBuffer: 4096);

        // The connection grain is active (it holds a value), so its deactivation tells that the connection ended.
        await attacker.SendAsync(ClientFrame.Build(ClientFrame.Text, """{"jsonrpc":"2.0","method":"session.set","params":["k",1],"id":0}"""u8));
        Assert.Contains("true", await attacker.ReceiveTextAsync());
        await attacker.SendAsync(ClientFrame.Build(ClientFrame.Text, """{"jsonrpc":"2.0","method":"whoami","id":1}"""u8));
        var id = (string)JsonNode.Parse(await attacker.ReceiveTextAsync())!["result"]!["connection"]!;

        // Within every budget (eight answers of 900 kB), but more than the sockets' buffers hold.
        var echo = ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"echo","params":["{{new string('e', 900_000)}}"],"id":2}"""));
        for (var i = 0; i < 8; i++)
        {
            await attacker.SendAsync(echo);
        }

        await server.Activations.WhenDeactivated<IConnectionGrain>(id).WaitAsync(s_patience);
        Assert.Equal(1, server.Services.GetRequiredService<GatewayCounters>().SlowConsumersClosed);
    }

    [Fact]
    public async Task AnHttpAnswerNobodyTakesIsCutOffAfterTheWriteTimeout()
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(
            o =>
            {
                o.WriteTimeout = TimeSpan.FromSeconds(1);
                o.MaxHttpBodyBytes = 16 * 1024 * 1024;
                o.MaxResponseBytes = 16 * 1024 * 1024;
            },
            services: s => s.AddSingleton<ILoggerProvider>(log),
            arguments: ["--Logging:LogLevel:OrleansRpc.Gateway.Endpoints.HttpRpcEndpoint=Debug"]);

        // 100 echoes of 64 KiB: 6.5 MB, more than the sockets' buffers hold for a client that reads nothing.
        var value = new string('h', 64 * 1024);
        var batch = "[" + string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"jsonrpc":"2.0","method":"echo","params":["{{value}}"],"id":{{i}}}""")) + "]";
        using var tcp = new TcpClient { ReceiveBufferSize = 4096 };
        await tcp.ConnectAsync(server.HttpEndpoint.Host, server.HttpEndpoint.Port);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(batch);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /rpc HTTP/1.1\r\nHost: {server.HttpEndpoint.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);

        var cut = await log.WhenLogged(e => e.Message.StartsWith("Cut off an HTTP client", StringComparison.Ordinal)).WaitAsync(s_patience);
        Assert.Equal(LogLevel.Debug, cut.Level);

        // The connection is gone: what the client reads now ends short of the answer.
        using var all = new MemoryStream();
        try
        {
            await stream.CopyToAsync(all).WaitAsync(s_patience);
        }
        catch (IOException)
        {
            // Reset, since the server left the client's bytes unread: gone all the same.
        }

        Assert.True(all.Length < 6_500_000, $"The client read {all.Length} bytes.");
    }

    private static async Task<string> IdOf(WebSocketRpcClient client) =>
        (string)JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":0}"""))!)!["result"]!["connection"]!;
}

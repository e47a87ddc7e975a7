using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.WebSockets;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// RFC 6455 as the gateway speaks it, seen byte for byte from a client on a real socket: pings, fragments,
/// bursts of frames in one write, frames that are not UTF-8 or break the protocol, both close handshakes,
/// and the keep-alive.
/// </summary>
public sealed class WebSocketProtocolTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly byte[] s_subtract = """{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""u8.ToArray();
    private const string SubtractAnswer = """{"jsonrpc":"2.0","result":19,"id":1}""";

    [Fact]
    public async Task APingIsAnsweredWithItsPayloadAndCallsGoOn()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        await client.SendAsync(ClientFrame.Build(ClientFrame.Ping, "hello"u8));
        var (fin, opcode, payload) = await client.ReceiveFrameAsync();
        Assert.Equal((true, ClientFrame.Pong, "hello"), (fin, opcode, Encoding.UTF8.GetString(payload)));

        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, s_subtract));
        JsonAssert.Equal(SubtractAnswer, await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task ACallInFragmentsWithAPingBetweenThemIsAnswered()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        await client.SendAsync([
            .. ClientFrame.Build(ClientFrame.Text, s_subtract.AsSpan(0, 20), fin: false),
            .. ClientFrame.Build(ClientFrame.Ping, "between"u8),
            .. ClientFrame.Build(ClientFrame.Continuation, s_subtract.AsSpan(20), key: [9, 8, 7, 6])]);

        var (_, opcode, payload) = await client.ReceiveFrameAsync();
        Assert.Equal((ClientFrame.Pong, "between"), (opcode, Encoding.UTF8.GetString(payload)));
        JsonAssert.Equal(SubtractAnswer, await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task ATextFrameThatIsNotUtf8IsAParseErrorAndTheConnectionStays()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, [(byte)'[', 0xC3, 0x28, (byte)']']));
        Assert.Equal(-32700, JsonNode.Parse(await client.ReceiveTextAsync())!["error"]!["code"]!.GetValue<int>());

        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, s_subtract));
        JsonAssert.Equal(SubtractAnswer, await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task AnUnmaskedFrameClosesWith1002AndTheConnectionEnds()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, s_subtract, masked: false));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, await client.ReceiveCloseAsync());
        Assert.True(await client.EndsAsync());
    }

    [Fact]
    public async Task TheClientsCloseIsAnsweredThenTheServerEndsTheConnection()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        await client.SendAsync(ClientFrame.CloseWith(1000, "done"u8));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
        Assert.True(await client.EndsAsync());
    }

    [Fact]
    public async Task AClientThatDoesNotAnswerTheServersCloseIsCutOff()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);

        // Announces 2 MiB, over the 1 MiB limit, and sends none of it: the close comes at once.
        await client.SendAsync(ClientFrame.HeadOnly(ClientFrame.Text, 2 * 1024 * 1024));
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.ReceiveCloseAsync());
        Assert.True(await client.EndsAsync());
    }

    [Fact]
    public async Task PongsKeepAConnectionAliveLongPastTheKeepAliveTimeout()
    {
        await using var server = await GatewayServer.StartAsync(o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
            o.KeepAliveTimeout = TimeSpan.FromSeconds(4);
        });
        await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint);

        // Fifty pings answered take at least forty-nine intervals, longer than the timeout. The timeout is
        // that long because a CI run with both cores busy once kept this test from answering within 1 s.
        for (var i = 0; i < 50; i++)
        {
            var (_, opcode, payload) = await client.ReceiveFrameAsync();
            Assert.Equal(ClientFrame.Ping, opcode);
            await client.SendAsync(ClientFrame.Build(ClientFrame.Pong, payload));
        }

        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, s_subtract));
        JsonAssert.Equal(SubtractAnswer, await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task ABurstOfCallsInOneWriteIsAnsweredInOrderWhenOnlyOneMayBeInFlight()
    {
        // The reader takes the burst from one read; with one slot it gives the read back whenever it has
        // to wait for the slot, and must find the rest of the burst where it left it.
        await using var server = await GatewayServer.StartAsync(o => o.MaxInFlightPerConnection = 1);
        await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint);

        // Odd ids are answered after a yield, so the next call finds its slot taken and waits for it.
        await client.SendAsync([.. Enumerable.Range(0, 100).SelectMany(i => ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes(i % 2 == 0
            ? $$"""{"jsonrpc":"2.0","method":"subtract","params":[{{i}},0],"id":{{i}}}"""
            : $$"""{"jsonrpc":"2.0","method":"test.valuetask","params":[{{i}}],"id":{{i}}}""")))]);
        for (var i = 0; i < 100; i++)
        {
            JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":{{(i % 2 == 0 ? i : i * 2)}},"id":{{i}}}""", await client.ReceiveTextAsync());
        }
    }

    [Fact]
    public async Task CallsAPingAndACloseInOneWriteAreAllAnsweredAndTheCloseComesLast()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        await client.SendAsync([.. Burst(0, 20), .. ClientFrame.Build(ClientFrame.Ping, "middle"u8), .. Burst(20, 20), .. ClientFrame.CloseWith(1000)]);

        // The pong goes out as soon as the ping is read; the answers as their grain calls finish, in order.
        var pongs = 0;
        for (var i = 0; i < 40;)
        {
            var (_, opcode, payload) = await client.ReceiveFrameAsync();
            if (opcode == ClientFrame.Pong)
            {
                Assert.Equal("middle", Encoding.UTF8.GetString(payload));
                pongs++;
                continue;
            }

            Assert.Equal(ClientFrame.Text, opcode);
            JsonAssert.Equal(Answer(i++), Encoding.UTF8.GetString(payload));
        }

        if (pongs == 0)
        {
            var (_, opcode, payload) = await client.ReceiveFrameAsync();
            Assert.Equal((ClientFrame.Pong, "middle"), (opcode, Encoding.UTF8.GetString(payload)));
        }

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
        Assert.True(await client.EndsAsync());
    }

    [Fact]
    public async Task ACallStillRunningWhenTheClientClosesIsAnsweredBeforeTheServersClose()
    {
        var barriers = fixture.Server.Services.GetBarriers();
        var name = Guid.NewGuid().ToString("N");
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        await client.SendAsync([
            .. ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"test.wait","params":["{{name}}"],"id":1}""")),
            .. ClientFrame.CloseWith(1000)]);

        // The close follows the call in the same write, so it is read while the call waits here.
        await barriers.WaitAsync(name + ":entered");
        barriers.Signal(name);

        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":"{{name}}","id":1}""", await client.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
        Assert.True(await client.EndsAsync());
    }

    /// <summary>Calls of subtract(i, 0) with id i, for i from <paramref name="first"/>, as one write.</summary>
    // A method of the connection's own grain: its calls run one at a time, in arrival order, so their
    // answers come in that order too (a stateless worker's may not).
    private static byte[] Burst(int first, int count) =>
        [.. Enumerable.Range(first, count).SelectMany(i => ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"test.valuetask","params":[{{i}}],"id":{{i}}}""")))];

    private static string Answer(int i) => $$"""{"jsonrpc":"2.0","result":{{i * 2}},"id":{{i}}}""";
}

using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using OrleansRpc.Benchmarks.Load;
using static OrleansRpc.Tests.WebSockets.ClientFrame;

namespace OrleansRpc.Tests.Benchmarks;

/// <summary>
/// The load generator's own WebSocket client, against a server that writes frames by hand: what it sends
/// must be a masked frame a server accepts, and what it hands out must be each message whole, whatever
/// the frames and reads it came in.
/// </summary>
public sealed class LoadWebSocketTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task SendsMaskedTextFramesOfEveryLengthForm()
    {
        using var server = new ScriptedWebSocketServer();
        var (client, peer) = await ConnectAsync(server);
        using var _ = client;
        using var __ = peer;

        foreach (var length in new[] { 5, 300, 70_000 })
        {
            var message = Message(length, seed: length);
            await client.SendAsync(message);

            var (first, masked, payload) = await ScriptedWebSocketServer.ReadFrameAsync(peer);
            Assert.Equal(0x80 | Text, first);
            Assert.True(masked);
            Assert.Equal(message, payload);
        }
    }

    [Fact]
    public async Task HandsOutEachMessageWholeFromOneWriteOrAFrameSplitAcrossTwo()
    {
        using var server = new ScriptedWebSocketServer();
        var (client, peer) = await ConnectAsync(server);
        using var _ = client;
        using var __ = peer;
        var small = Message(10, seed: 1);
        var medium = Message(300, seed: 2);
        var large = Message(70_000, seed: 3);

        // Three messages in one write; the last is larger than the client's first buffer.
        await peer.SendAsync((byte[])[.. ServerFrame(Text, small), .. ServerFrame(Text, medium), .. ServerFrame(Text, large)], SocketFlags.None);
        Assert.Equal(small, await ReceiveAsync(client));
        Assert.Equal(medium, await ReceiveAsync(client));
        Assert.Equal(large, await ReceiveAsync(client));

        // A frame whose header is cut in the middle of its length.
        var split = ServerFrame(Text, medium);
        var receiving = client.ReceiveAsync();
        await peer.SendAsync(split.AsMemory(0, 3), SocketFlags.None);
        await peer.SendAsync(split.AsMemory(3), SocketFlags.None);
        Assert.Equal(medium, (await receiving.AsTask().WaitAsync(s_timeout)).ToArray());
    }

    [Fact]
    public async Task PutsFragmentsTogetherAndAnswersAPingBetweenThem()
    {
        using var server = new ScriptedWebSocketServer();
        var (client, peer) = await ConnectAsync(server);
        using var _ = client;
        using var __ = peer;

        await peer.SendAsync((byte[])
        [
            .. ServerFrame(Text, "ab"u8, fin: false),
            .. ServerFrame(Ping, "are you there"u8),
            .. ServerFrame(Continuation, "cd"u8, fin: false),
            .. ServerFrame(Continuation, "ef"u8),
            .. ServerFrame(Text, "next"u8),
        ], SocketFlags.None);

        Assert.Equal("abcdef", Encoding.UTF8.GetString(await ReceiveAsync(client)));
        var (first, masked, payload) = await ScriptedWebSocketServer.ReadFrameAsync(peer);
        Assert.Equal(0x80 | Pong, first);
        Assert.True(masked);
        Assert.Equal("are you there", Encoding.UTF8.GetString(payload));
        Assert.Equal("next", Encoding.UTF8.GetString(await ReceiveAsync(client)));
    }

    [Fact]
    public async Task AClosingServerEndsTheReceiveWithItsStatusAndReason()
    {
        using var server = new ScriptedWebSocketServer();
        var (client, peer) = await ConnectAsync(server);
        using var _ = client;
        using var __ = peer;

        await peer.SendAsync(ServerFrame(Close, [0x03, 0xf0, .. "too slow"u8]), SocketFlags.None);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveAsync().AsTask().WaitAsync(s_timeout));
        Assert.Contains("1008 too slow", error.Message);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.CloseStatus);
    }

    [Fact]
    public async Task AConnectionEndedWithoutACloseFrameIsAnError()
    {
        using var server = new ScriptedWebSocketServer();
        var (client, peer) = await ConnectAsync(server);
        using var _ = client;

        peer.Dispose();

        var error = await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveAsync().AsTask().WaitAsync(s_timeout));
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
    }

    [Fact]
    public async Task AMaskedFrameFromTheServerIsRefused()
    {
        using var server = new ScriptedWebSocketServer();
        var (client, peer) = await ConnectAsync(server);
        using var _ = client;
        using var __ = peer;

        await peer.SendAsync(ServerFrame(Text, "hidden"u8, masked: true), SocketFlags.None);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => client.ReceiveAsync().AsTask().WaitAsync(s_timeout));
        Assert.Equal(WebSocketError.HeaderError, error.WebSocketErrorCode);
    }

    [Theory]
    [InlineData("HTTP/1.1 404 Not Found", null, "404 Not Found")]
    [InlineData("HTTP/1.1 101 Switching Protocols", "d3Jvbmcga2V5IGhlcmUhIQ==", "d3Jvbmcga2V5IGhlcmUhIQ==")]
    public async Task AnUpgradeThatDidNotHappenIsRefused(string statusLine, string? accept, string named)
    {
        using var server = new ScriptedWebSocketServer();
        var connecting = new WebSocketConnector().ConnectAsync(server.Uri, CancellationToken.None);
        using var peer = await server.AcceptAsync(statusLine, accept);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => connecting.WaitAsync(s_timeout));
        Assert.Contains(named, error.Message);
    }

    private static async Task<(LoadWebSocket Client, Socket Peer)> ConnectAsync(ScriptedWebSocketServer server)
    {
        var connecting = new WebSocketConnector().ConnectAsync(server.Uri, CancellationToken.None);
        var peer = await server.AcceptAsync();
        return (await connecting, peer);
    }

    /// <summary>A frame as a server sends it: unmasked, unless a test breaks that rule.</summary>
    private static byte[] ServerFrame(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = false) =>
        Build(opcode, payload, fin, masked);

    /// <summary>The next message, copied out before the client may reuse its buffer.</summary>
    private static async Task<byte[]> ReceiveAsync(LoadWebSocket client) => (await client.ReceiveAsync().AsTask().WaitAsync(s_timeout)).ToArray();

    private static byte[] Message(int length, int seed)
    {
        var message = new byte[length];
        new Random(seed).NextBytes(message);
        return message;
    }
}

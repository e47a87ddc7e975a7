using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// The gateway reads and writes an upgraded HTTP/1.1 connection's transport itself (WebSocketUpgrade),
/// which holds only while Kestrel, once the 101 is flushed, neither reads nor writes that connection nor
/// times it out. These tests watch every byte of such a connection: if a Kestrel update breaks that
/// promise, they fail here, rather than frames going missing in production.
/// </summary>
public sealed class UpgradedConnectionTests
{
    private const string Broken = "The upgraded HTTP/1.1 connection is no longer the gateway's alone (a Kestrel change?): WebSocketUpgrade.AcceptAsync must go through the upgrade's stream instead of the transport.";

    [Fact]
    public async Task EveryByteAfterThe101IsOursBothWays()
    {
        // Kestrel's own timeouts far below the gateway's keep-alive: any of them applied to an upgraded
        // connection would cut it before the gateway's first ping.
        await using var server = await GatewayServer.StartAsync(arguments:
        [
            "--Kestrel:Limits:KeepAliveTimeout=00:00:01",
            "--Kestrel:Limits:RequestHeadersTimeout=00:00:01",
            "--JsonRpc:KeepAliveInterval=00:00:03",
        ]);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        var endpoint = server.WebSocketEndpoint;

        // Frames in the same write as the request: Kestrel's parser sees them in its buffer, and must leave them.
        var request = Encoding.ASCII.GetBytes($"GET {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        byte[] first = [.. request, .. Call(1), .. Call(2), .. Call(3)];
        await stream.WriteAsync(first);
        var head = await ReadHeadAsync(stream);
        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head);
        var frames = new FrameReader(stream);
        Assert.Equal([1, 2, 3], (await frames.AnswersAsync(3)).Order());

        // Many calls, written in pieces of 7 bytes that cut frames anywhere: every one is answered.
        var many = Enumerable.Range(10, 200).SelectMany(Call).ToArray();
        for (var offset = 0; offset < many.Length; offset += 7)
        {
            await stream.WriteAsync(many.AsMemory(offset, Math.Min(7, many.Length - offset)));
        }

        Assert.Equal(Enumerable.Range(10, 200), (await frames.AnswersAsync(200)).Order());

        // Idle past every Kestrel timeout set above, until the gateway's own ping: the connection is still open.
        var (opcode, _) = await frames.NextAsync();
        Assert.True(opcode == ClientFrame.Ping, $"{Broken} Expected the gateway's ping, got opcode {opcode}.");
        await stream.WriteAsync(ClientFrame.Build(ClientFrame.Pong, []));
        await stream.WriteAsync(Call(500));
        Assert.Equal([500], await frames.AnswersAsync(1));

        // The close handshake, then the end of the connection, with nothing after the close frame.
        await stream.WriteAsync(ClientFrame.CloseWith(1000));
        Assert.Equal(ClientFrame.Close, (await frames.NextAsync()).Opcode);
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(rest.Length == 0, $"{Broken} {rest.Length} bytes came after the close frame: {Encoding.ASCII.GetString(rest.ToArray())}");
    }

    private static byte[] Call(int id) =>
        ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"ping","id":{{id}}}"""));

    // Byte by byte up to the blank line, so that nothing after the response is read with it.
    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await stream.ReadExactlyAsync(one).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    /// <summary>The server's frames, each checked to be one: unmasked, known opcode, final.</summary>
    private sealed class FrameReader(NetworkStream stream)
    {
        public async Task<(byte Opcode, byte[] Payload)> NextAsync()
        {
            var head = new byte[2];
            await stream.ReadExactlyAsync(head).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            var opcode = (byte)(head[0] & 0x0F);
            Assert.True((head[0] & 0xF0) == 0x80 && (head[1] & 0x80) == 0 && opcode is ClientFrame.Text or ClientFrame.Close or ClientFrame.Ping,
                $"{Broken} A byte pair that is no server frame of the gateway's: {head[0]:X2} {head[1]:X2}.");
            long length = head[1] & 0x7F;
            if (length == 126)
            {
                var extended = new byte[2];
                await stream.ReadExactlyAsync(extended);
                length = (extended[0] << 8) | extended[1];
            }

            Assert.True(length < 126 * 1024, $"{Broken} A frame of {length} bytes.");
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload).AsTask().WaitAsync(TimeSpan.FromSeconds(15));
            return (opcode, payload);
        }

        /// <summary>The ids of the next <paramref name="count"/> answers, each "pong".</summary>
        public async Task<List<int>> AnswersAsync(int count)
        {
            var ids = new List<int>();
            while (ids.Count < count)
            {
                var (opcode, payload) = await NextAsync();
                Assert.True(opcode == ClientFrame.Text, $"{Broken} Expected an answer, got opcode {opcode}.");
                var answer = JsonNode.Parse(payload)!;
                Assert.Equal("pong", (string)answer["result"]!);
                ids.Add((int)answer["id"]!);
            }

            return ids;
        }
    }
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansRpc.Gateway.WebSockets;

namespace OrleansRpc.Tests.Benchmarks;

/// <summary>
/// A WebSocket server on loopback that a test drives frame by frame, so that it can send what a
/// well-behaved server rarely does (fragments, pings between them, a frame split across writes, a bad
/// upgrade) and read exactly what the client put on the wire.
/// </summary>
internal sealed class ScriptedWebSocketServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public ScriptedWebSocketServer() => _listener.Start();

    public Uri Uri => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/load");

    /// <summary>Takes the next connection and answers its upgrade with <paramref name="statusLine"/> and the right accept key, or <paramref name="accept"/>.</summary>
    public async Task<Socket> AcceptAsync(string statusLine = "HTTP/1.1 101 Switching Protocols", string? accept = null)
    {
        var socket = await _listener.AcceptSocketAsync();
        var request = new StringBuilder();
        var buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            Assert.NotEqual(0, read);
            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var key = request.ToString().Split("\r\n").Single(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.Ordinal))["Sec-WebSocket-Key:".Length..].Trim();
        accept ??= WebSocketUpgrade.AcceptKey(key);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"{statusLine}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), SocketFlags.None);
        return socket;
    }

    /// <summary>Reads one frame from the client: its first byte, whether it was masked, and its payload unmasked.</summary>
    /// <exception cref="TimeoutException">No whole frame came within 15 s: the client never sent it.</exception>
    public static Task<(byte First, bool Masked, byte[] Payload)> ReadFrameAsync(Socket socket) =>
        ReadFrameCoreAsync(socket).WaitAsync(TimeSpan.FromSeconds(15));

    private static async Task<(byte First, bool Masked, byte[] Payload)> ReadFrameCoreAsync(Socket socket)
    {
        var head = await ReadExactlyAsync(socket, 2);
        var length = (long)(head[1] & 0x7f);
        if (length == 126)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(await ReadExactlyAsync(socket, 2));
        }
        else if (length == 127)
        {
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(await ReadExactlyAsync(socket, 8));
        }

        var masked = (head[1] & 0x80) != 0;
        var key = masked ? await ReadExactlyAsync(socket, 4) : [0, 0, 0, 0];
        var payload = await ReadExactlyAsync(socket, (int)length);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= key[i & 3];
        }

        return (head[0], masked, payload);
    }

    public void Dispose() => _listener.Stop();

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
            Assert.NotEqual(0, n);
            read += n;
        }

        return buffer;
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// A WebSocket client at the level of bytes: the handshake by hand, then frames exactly as a test builds
/// them (rule-breaking ones too), and the server's frames as they come, pings and pongs included.
/// </summary>
public sealed class RawWebSocketClient : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawWebSocketClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>What the server answered in <c>Sec-WebSocket-Extensions</c>; null when it answered none.</summary>
    public string? Extensions { get; private set; }

    /// <param name="extensions">Offered in <c>Sec-WebSocket-Extensions</c>; null offers none.</param>
    /// <param name="receiveBuffer">The socket's receive buffer (which then does not grow), for a client that does not read: the server soon finds it full.</param>
    public static async Task<RawWebSocketClient> ConnectAsync(Uri endpoint, string? extensions = null, int? receiveBuffer = null)
    {
        var tcp = new TcpClient();
        if (receiveBuffer is { } size)
        {
            tcp.ReceiveBufferSize = size;
        }

        await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
        var client = new RawWebSocketClient(tcp);
        var offer = extensions is null ? "" : $"Sec-WebSocket-Extensions: {extensions}\r\n";
        var request = $"GET {endpoint.PathAndQuery} HTTP/1.1\r\nHost: {endpoint.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{offer}\r\n";
        await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        // Byte by byte up to the blank line, so that nothing after the response is read with it.
        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            await client._stream.ReadExactlyAsync(one).AsTask().WaitAsync(s_timeout);
            response.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", response.ToString(), StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response.ToString(), StringComparison.OrdinalIgnoreCase);
        foreach (var line in response.ToString().Split("\r\n"))
        {
            if (line.StartsWith("Sec-WebSocket-Extensions:", StringComparison.OrdinalIgnoreCase))
            {
                client.Extensions = line["Sec-WebSocket-Extensions:".Length..].Trim();
            }
        }

        return client;
    }

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>The server's next frame; a server never masks, and this client never gets one larger than it can hold.</summary>
    public async Task<(bool Fin, byte Opcode, byte[] Payload)> ReceiveFrameAsync()
    {
        var (fin, _, opcode, payload) = await ReceiveFrameWithReservedBitsAsync();
        return (fin, opcode, payload);
    }

    /// <summary>The server's next frame with its reserved bits (RSV1 is 4: compressed under permessage-deflate).</summary>
    public async Task<(bool Fin, byte Reserved, byte Opcode, byte[] Payload)> ReceiveFrameWithReservedBitsAsync()
    {
        var head = new byte[2];
        await _stream.ReadExactlyAsync(head).AsTask().WaitAsync(s_timeout);
        Assert.Equal(0, head[1] & 0x80);
        long length = head[1] & 0x7F;
        if (length >= 126)
        {
            var extended = new byte[length == 126 ? 2 : 8];
            await _stream.ReadExactlyAsync(extended).AsTask().WaitAsync(s_timeout);
            length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : BinaryPrimitives.ReadInt64BigEndian(extended);
        }

        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload).AsTask().WaitAsync(s_timeout);
        return ((head[0] & 0x80) != 0, (byte)((head[0] >> 4) & 0x7), (byte)(head[0] & 0x0F), payload);
    }

    /// <summary>The server's next frame, which must be a whole close frame with a status; its status.</summary>
    public async Task<System.Net.WebSockets.WebSocketCloseStatus> ReceiveCloseAsync()
    {
        var (fin, opcode, payload) = await ReceiveFrameAsync();
        Assert.True(fin);
        Assert.Equal(Tests.WebSockets.ClientFrame.Close, opcode);
        Assert.True(payload.Length >= 2);
        return (System.Net.WebSockets.WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload);
    }

    /// <summary>The next text message, answering any ping that comes first as a client should.</summary>
    public async Task<string> ReceiveTextAsync()
    {
        while (true)
        {
            var (fin, opcode, payload) = await ReceiveFrameAsync();
            if (opcode == 0x9)
            {
                await SendAsync(Tests.WebSockets.ClientFrame.Build(0xA, payload));
                continue;
            }

            Assert.True(fin);
            Assert.Equal(0x1, opcode);
            return Encoding.UTF8.GetString(payload);
        }
    }

    /// <summary>Reads (and drops) until the server closes the TCP connection; false if it has not within the timeout.</summary>
    public async Task<bool> EndsAsync()
    {
        var scratch = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(scratch).AsTask().WaitAsync(s_timeout) > 0)
            {
            }

            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (IOException)
        {
            // Reset rather than closed: gone all the same.
            return true;
        }
    }

    /// <summary>Ends what this client sends (a TCP half-close), as a client that stops mid-frame would; reading goes on.</summary>
    public void EndSending() => _tcp.Client.Shutdown(SocketShutdown.Send);

    /// <summary>
    /// Everything the server sends until it closes the TCP connection, and whether it reset it rather than
    /// closing (it does when it leaves bytes of ours unread, and the last bytes it sent may then be lost);
    /// null if it has done neither within the timeout.
    /// </summary>
    public async Task<(byte[] Bytes, bool Reset)?> ReadToEndAsync()
    {
        using var all = new MemoryStream();
        var reset = false;
        try
        {
            await _stream.CopyToAsync(all).WaitAsync(s_timeout);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (IOException)
        {
            reset = true;
        }

        return (all.ToArray(), reset);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}

using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// Opens the load generator's WebSockets (the HTTP/1.1 upgrade of RFC 6455 §4.1), optionally from several
/// loopback source addresses (one address has only ~28,000 ephemeral ports) and with a small kernel
/// receive buffer (so that a client that stops reading is felt by the server after kilobytes, not megabytes).
/// </summary>
internal sealed class WebSocketConnector(int sourceAddresses = 1, int? receiveBufferBytes = null)
{
    private const int BufferBytes = 4096;
    private const int MaxUpgradeAnswerBytes = 64 * 1024;
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(15);

    private readonly IPAddress[] _sourceAddresses = [.. Enumerable.Range(1, sourceAddresses).Select(i => new IPAddress([127, 0, 0, (byte)i]))];
    private int _next;

    public async Task<LoadWebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (receiveBufferBytes is { } size)
            {
                socket.ReceiveBufferSize = size;
            }

            var source = _sourceAddresses[(int)((uint)Interlocked.Increment(ref _next) % _sourceAddresses.Length)];
            if (!source.Equals(IPAddress.Loopback))
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_connectTimeout);
            await socket.ConnectAsync(new DnsEndPoint(uri.Host, uri.Port, AddressFamily.InterNetwork), timeout.Token);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, timeout.Token);

            var buffer = new byte[BufferBytes];
            var received = 0;
            int headEnd;
            while ((headEnd = buffer.AsSpan(0, received).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (received == buffer.Length)
                {
                    if (buffer.Length >= MaxUpgradeAnswerBytes)
                    {
                        throw new WebSocketException(WebSocketError.HeaderError, $"The answer to the upgrade has no end in its first {buffer.Length} bytes.");
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token);
                if (read == 0)
                {
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The server closed the connection before answering the upgrade.");
                }

                received += read;
            }

            CheckUpgraded(Encoding.ASCII.GetString(buffer, 0, headEnd), key);

            // Frames may have come right behind the answer.
            var frames = received - (headEnd + 4);
            buffer.AsSpan(headEnd + 4, frames).CopyTo(buffer);
            return new LoadWebSocket(socket, buffer, frames);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void CheckUpgraded(string head, string key)
    {
        var lines = head.Split("\r\n");
        if (!lines[0].StartsWith("HTTP/1.1 101 ", StringComparison.Ordinal))
        {
            throw new WebSocketException(WebSocketError.NotAWebSocket, $"The server did not upgrade the connection: {lines[0]}");
        }

        // RFC 6455 §4.2.2: the key with the protocol's GUID appended, SHA-1, base64. Worked out here rather than
        // with the gateway's own WebSocketUpgrade.AcceptKey, so that the check does not share a mistake with the server it checks.
        var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        const string acceptHeader = "Sec-WebSocket-Accept:";
        var accept = lines.FirstOrDefault(l => l.StartsWith(acceptHeader, StringComparison.OrdinalIgnoreCase))?[acceptHeader.Length..].Trim();
        if (accept != expected)
        {
            throw new WebSocketException(WebSocketError.HeaderError, $"The server answered the upgrade with Sec-WebSocket-Accept '{accept}', not '{expected}'.");
        }
    }
}

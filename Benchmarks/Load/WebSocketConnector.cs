using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// Opens client WebSockets, optionally from several loopback source addresses (one address has only
/// ~28,000 ephemeral ports) and with a small receive buffer (so that a client that stops reading is felt
/// by the server after kilobytes, not megabytes).
/// </summary>
internal sealed class WebSocketConnector : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly IPAddress[] _sourceAddresses;
    private int _next;

    public WebSocketConnector(int sourceAddresses = 1, int? receiveBufferBytes = null)
    {
        _sourceAddresses = [.. Enumerable.Range(1, sourceAddresses).Select(i => new IPAddress([127, 0, 0, (byte)i]))];
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ConnectCallback = async (context, cancellationToken) =>
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

                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _invoker = new HttpMessageInvoker(handler);
    }

    public async Task<ClientWebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(uri, _invoker, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _invoker.Dispose();
}

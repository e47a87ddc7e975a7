using System.Net;
using System.Net.Sockets;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// A client on another address than the tests' own: 127.0.0.2 is loopback too, so a per-address limit
/// counts its connections apart from everyone else's.
/// </summary>
public static class OtherLoopbackAddress
{
    public static readonly IPAddress Address = IPAddress.Parse("127.0.0.2");

    /// <summary>An invoker whose connections leave from <see cref="Address"/>.</summary>
    public static HttpMessageInvoker Invoker() => new(new SocketsHttpHandler { ConnectCallback = ConnectAsync });

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(Address, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

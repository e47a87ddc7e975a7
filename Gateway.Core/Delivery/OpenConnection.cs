using OrleansRpc.Connections;
using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.Delivery;

/// <summary>
/// A connection open on this node, from before its socket exists (a WebSocket is opened before its
/// upgrade is accepted, so that a session cookie rides on the response) until it closes. A group holds
/// this, not the socket: a member that joined before its socket was attached is reached the same way as
/// any other, once the socket is there.
/// </summary>
internal sealed class OpenConnection(RpcConnectionInfo info)
{
    /// <summary>Stands for a connection that closed before it could join: it reaches no socket.</summary>
    public static readonly OpenConnection Closed = new(null!);

    private RpcConnection? _socket;

    public RpcConnectionInfo Info { get; } = info;

    /// <summary>Null until the socket is attached.</summary>
    public RpcConnection? Socket
    {
        get => Volatile.Read(ref _socket);
        set => Volatile.Write(ref _socket, value);
    }
}

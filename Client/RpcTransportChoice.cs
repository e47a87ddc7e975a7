namespace OrleansRpc.Client;

/// <summary>Which transport a call takes.</summary>
public enum RpcTransportChoice
{
    /// <summary>The socket when the client has one, else HTTP.</summary>
    Auto,

    /// <summary>The socket (waiting while it reconnects).</summary>
    WebSocket,

    Http,
}

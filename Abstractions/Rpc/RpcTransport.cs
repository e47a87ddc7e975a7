namespace OrleansRpc.Rpc;

public enum RpcTransport
{
    WebSocket,
    Http,
}

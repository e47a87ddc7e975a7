namespace OrleansRpc.Gateway.WebSockets;

internal enum EnqueueResult
{
    Queued,
    Full,
    Closed,
}

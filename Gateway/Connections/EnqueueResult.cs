namespace OrleansRpc.Gateway.Connections;

internal enum EnqueueResult
{
    Queued,
    Full,
    Closed,
}

namespace OrleansRpc.Rpc;

/// <summary>
/// Thrown by an RPC method to send exactly this error to the client, in every environment.
/// <paramref name="data"/> is serialized with the configured JSON options.
/// </summary>
public class JsonRpcException(int code, string message, object? data = null) : Exception(message)
{
    public int Code { get; } = code;

    public object? ErrorData { get; } = data;
}

using Orleans;

namespace OrleansRpc.Rpc;

/// <summary>
/// Thrown by an RPC method to send exactly this error to the client, in every environment.
/// <paramref name="data"/> is serialized with the configured JSON options.
/// </summary>
/// <remarks>
/// Serialized by Orleans with its code and data, so it arrives whole from a grain on another silo; data
/// of a type without an Orleans serializer (an anonymous type, say) travels as JSON.
/// </remarks>
[GenerateSerializer, Alias("orpc.JsonRpcException")]
public class JsonRpcException(int code, string message, object? data = null) : Exception(message)
{
    [Id(0)]
    public int Code { get; private set; } = code;

    [Id(1)]
    public object? ErrorData { get; private set; } = data;
}

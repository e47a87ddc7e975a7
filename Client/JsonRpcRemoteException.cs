using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>The server answered the call with a JSON-RPC error.</summary>
public sealed class JsonRpcRemoteException(int code, string message, JsonElement? data) : Exception(message)
{
    public int Code { get; } = code;

    /// <summary>The error's data, when it has any.</summary>
    public JsonElement? ErrorData { get; } = data;
}

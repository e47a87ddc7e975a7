namespace OrleansRpc.Rpc;

/// <summary>Exposes a grain interface method as a JSON-RPC method: calls are answered, notifications run silently.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonRpcMethodAttribute(string? name = null) : JsonRpcAttribute(name);

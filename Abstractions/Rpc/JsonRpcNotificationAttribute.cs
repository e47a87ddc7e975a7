namespace OrleansRpc.Rpc;

/// <summary>
/// Exposes a grain interface method as an inbound JSON-RPC notification. It is never answered;
/// a request that carries an id gets -32601, because a client waiting for an answer would wait forever.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonRpcNotificationAttribute(string? name = null) : JsonRpcAttribute(name);

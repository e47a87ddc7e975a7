namespace OrleansRpc.Gateway.Protocol;

/// <summary>An error to answer with; <see cref="Data"/> is serialized with the configured JSON options.</summary>
public readonly record struct JsonRpcError(int Code, string Message, object? Data = null);

namespace OrleansRpc.Rpc;

/// <summary>This method is open to everyone, even on an interface that requires authorization.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class JsonRpcAllowAnonymousAttribute : Attribute;

namespace OrleansRpc.Rpc;

/// <summary>
/// Binds the whole <c>params</c> value (array, object, or undefined when absent) to a
/// <c>System.Text.Json.JsonElement</c> parameter, for methods that accept anything.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class JsonRpcParamsAttribute : Attribute;

namespace OrleansRpc.Rpc;

/// <summary>
/// Calls need an authenticated user, and when given, one of <see cref="Roles"/> (comma-separated) and
/// the named <see cref="Policy"/>. On an interface it covers every method. A refused call gets -32001.
/// ASP.NET Core's own <c>[Authorize]</c> works the same; this one keeps contracts free of ASP.NET Core.
/// </summary>
[AttributeUsage(AttributeTargets.Interface | AttributeTargets.Method, AllowMultiple = true)]
public sealed class JsonRpcAuthorizeAttribute(string? policy = null) : Attribute
{
    public string? Policy { get; } = policy;

    public string? Roles { get; set; }
}

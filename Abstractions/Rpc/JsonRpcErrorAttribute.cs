namespace OrleansRpc.Rpc;

/// <summary>
/// An application error a method may answer (a <c>JsonRpcException</c> with this code), listed with the
/// method in the OpenRPC document, so that tools and client authors know it. On an interface, every
/// method of it may answer it.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class JsonRpcErrorAttribute(int code, string message) : Attribute
{
    public int Code { get; } = code;

    public string Message { get; } = message;
}

namespace OrleansRpc.Rpc;

/// <summary>The error codes of the specification and of this framework's server-error range.</summary>
public static class JsonRpcErrorCodes
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;
    public const int InternalError = -32603;
    public const int ServerError = -32000;
    public const int Unauthorized = -32001;
    public const int RequestTimedOut = -32002;
    public const int ServerBusy = -32003;
}

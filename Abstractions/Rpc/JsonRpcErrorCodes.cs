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

    /// <summary>The node of the call's grain went away during the call, which may or may not have run.</summary>
    public const int NodeUnavailable = -32004;

    /// <summary>The grain storage (Redis in a cluster) could not be reached; nothing was stored.</summary>
    public const int StorageUnavailable = -32005;

    /// <summary>
    /// The answer would be larger than the gateway sends (<c>MaxResponseBytes</c>, for one answer or a whole
    /// batch), or the node has no room left for answers waiting for their sockets. The call ran.
    /// </summary>
    public const int ResponseTooLarge = -32006;

    /// <summary>
    /// The client cancelled the call (<c>$/cancelRequest</c>) before it completed: the code the Language Server
    /// Protocol and StreamJsonRpc use.
    /// </summary>
    public const int RequestCancelled = -32800;
}

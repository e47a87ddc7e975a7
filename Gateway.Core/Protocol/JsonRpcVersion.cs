namespace OrleansRpc.Gateway.Protocol;

/// <summary>The version a message was written in, and so the version its answer is written in.</summary>
public enum JsonRpcVersion : byte
{
    /// <summary>No <c>jsonrpc</c> member: answers carry both <c>result</c> and <c>error</c>.</summary>
    V1,

    V2,
}

namespace OrleansRpc.Gateway.Methods;

internal enum ParameterSource
{
    /// <summary>Bound from <c>params</c>, by position or by name.</summary>
    Bound,

    /// <summary>The whole <c>params</c> value as a JsonElement ([JsonRpcParams]).</summary>
    RawParams,

    RpcContext,

    CancellationToken,
}

using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// <c>$/enumerator/next</c> and <c>$/enumerator/abort</c>, StreamJsonRpc's methods for reading a streamed
/// result: calls like any other, to a stateless worker on the socket's own node, which holds the
/// connection's sequences. The token is the one the method's answer carried.
/// </summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IEnumeratorGrain : IGrainWithStringKey
{
    /// <summary>
    /// The sequence's next items (at least one, unless it is finished); -32001 when the token names no open
    /// sequence of this connection (StreamJsonRpc's code for it).
    /// </summary>
    [JsonRpcMethod("$/enumerator/next", Http = false)]
    Task<EnumerationPage> Next(long token, RpcContext context);

    /// <summary>Stops the sequence and forgets it; an unknown token is ignored. Usually sent as a notification.</summary>
    [JsonRpcMethod("$/enumerator/abort", Http = false)]
    Task Abort(long token, RpcContext context);
}

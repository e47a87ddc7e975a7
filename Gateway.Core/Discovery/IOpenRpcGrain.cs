using System.Text.Json;
using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Discovery;

/// <summary>
/// <c>rpc.discover</c>, the one <c>rpc.</c> name the gateway answers (OpenRPC's service discovery method):
/// a call like any other, to a stateless worker on the gateway's own silo, which holds the document.
/// </summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IOpenRpcGrain : IGrainWithStringKey
{
    /// <summary>The OpenRPC 1.3 document of every method this gateway serves.</summary>
    [JsonRpcMethod("rpc.discover")]
    Task<JsonElement> Discover();
}

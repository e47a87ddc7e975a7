using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

[RpcGrainKey(RpcKeyKind.Stateless)]
public interface ISecretGrain : IGrainWithStringKey
{
    /// <summary>"42" for an authenticated user; -32001 for anyone else.</summary>
    [JsonRpcMethod("secret")]
    [JsonRpcAuthorize]
    Task<string> Secret();
}

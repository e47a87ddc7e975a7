using System.ComponentModel;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

[RpcGrainKey(RpcKeyKind.Stateless)]
public interface ISecretGrain : IGrainWithStringKey
{
    /// <summary>"42" for an authenticated user; -32001 for anyone else.</summary>
    [Description("Only for an authenticated user (-32001 otherwise).")]
    [JsonRpcMethod("secret")]
    [JsonRpcAuthorize]
    Task<string> Secret();
}

using OrleansRpc.Rpc;
using OrleansRpc.Runtime;

namespace OrleansRpc.Demo;

public interface ISecretGrain : IGrainWithStringKey
{
    /// <summary>"42" for an authenticated user; -32001 for anyone else.</summary>
    [JsonRpcMethod("secret")]
    [JsonRpcAuthorize]
    Task<string> Secret();
}

using OrleansRpc.Rpc;
using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public interface IDuplicateNameBGrain : IGrainWithStringKey
{
    [JsonRpcMethod("same.name")]
    Task<int> Second();
}

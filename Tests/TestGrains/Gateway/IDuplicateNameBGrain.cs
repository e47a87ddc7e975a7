using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public interface IDuplicateNameBGrain : IGrainWithStringKey
{
    [JsonRpcMethod("same.name")]
    Task<int> Second();
}

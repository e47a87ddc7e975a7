using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public interface IDuplicateNameAGrain : IGrainWithStringKey
{
    [JsonRpcMethod("same.name")]
    Task<int> First();
}

using OrleansRpc.Rpc;
using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public interface IDuplicateNameAGrain : IGrainWithStringKey
{
    [JsonRpcMethod("same.name")]
    Task<int> First();
}

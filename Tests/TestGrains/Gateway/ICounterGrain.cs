using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>One grain for every connection.</summary>
[RpcGrainKey(RpcKeyKind.Singleton, "the-counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    [JsonRpcMethod("counter.next")]
    Task<int> Next();
}

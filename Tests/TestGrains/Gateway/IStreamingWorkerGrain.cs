using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>A stateless worker with a streamed method, free to run several activations a node: start-up refuses it.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IStreamingWorkerGrain : IGrainWithStringKey
{
    [JsonRpcMethod("test.worker_stream")]
    IAsyncEnumerable<int> Numbers(int count);
}

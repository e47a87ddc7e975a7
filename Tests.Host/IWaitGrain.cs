using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.Host;

/// <summary>A call that waits for its cancellation, reports progress or streams, on the node a test chose by calling it there first.</summary>
[RpcGrainKey(RpcKeyKind.Parameter, "name")]
public interface IWaitGrain : IGrainWithStringKey
{
    /// <summary>The silo the grain lives on: the node of its first caller.</summary>
    [JsonRpcMethod("test.wait_here")]
    Task<string> Here(string name);

    /// <summary>Writes <c>waiting {name}</c>, then <c>cancelled {name}</c> once its token is cancelled.</summary>
    [JsonRpcMethod("test.wait_cancelled")]
    Task<string> WaitCancelled(string name, CancellationToken cancellationToken);

    /// <summary>Reports 1 … <paramref name="count"/> without a pause, then answers the silo it runs on.</summary>
    [JsonRpcMethod("test.progress_here")]
    Task<string> ProgressHere(string name, int count, IProgress<int>? progress);

    /// <summary>Asks the caller's connection grain, through the context the call carried, which connection it is.</summary>
    [JsonRpcMethod("test.context_here")]
    Task<string?> ContextHere(string name, RpcContext context);

    /// <summary>1 … <paramref name="count"/>, streamed from the node the grain lives on.</summary>
    [JsonRpcMethod("test.stream_here")]
    IAsyncEnumerable<int> StreamHere(string name, int count);
}

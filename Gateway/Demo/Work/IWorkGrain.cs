using System.ComponentModel;
using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Demo;

/// <summary>Long-running calls: progress reports, streamed results and cancellation, as StreamJsonRpc and the Language Server Protocol have them.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IWorkGrain : IGrainWithStringKey
{
    /// <summary>
    /// Reports 1, 2, … <paramref name="steps"/> to <paramref name="progress"/>, one every 10 ms, then answers
    /// <paramref name="steps"/>. Once cancelled it reports nothing more and the caller is answered -32800.
    /// </summary>
    [Description("Reports 1, 2, … steps (at most 10,000) as $/progress to the token passed as progress, one every 10 ms, then answers steps; -32800 once cancelled ($/cancelRequest).")]
    [JsonRpcMethod("work.progress", Http = false)]
    Task<int> Progress(int steps, IProgress<int>? progress, CancellationToken cancellationToken);

    /// <summary>1 … <paramref name="to"/>, one every 10 ms, streamed as they are pulled.</summary>
    [Description("Streams 1, 2, … to (at most 100,000), one every 10 ms: the answer holds the first items and a token, and $/enumerator/next pulls the rest, $/enumerator/abort stops it (StreamJsonRpc's protocol); over HTTP, every item, up to 1,000.")]
    [JsonRpcMethod("count.slowly")]
    IAsyncEnumerable<int> CountSlowly(int to, CancellationToken cancellationToken);
}

using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>Progress reports made as fast as a grain can make them, the last one just before it answers.</summary>
public interface IProgressProbeGrain : IGrainWithStringKey
{
    /// <summary>Reports 1 … <paramref name="count"/> without a pause, then answers <paramref name="count"/>.</summary>
    [JsonRpcMethod("test.progress_burst")]
    Task<int> Burst(int count, IProgress<int>? progress);

    /// <summary>Reports <paramref name="count"/> values and then fails with -32000.</summary>
    [JsonRpcMethod("test.progress_then_fail")]
    Task<int> ThenFail(int count, IProgress<int>? progress);

    /// <summary>Whether the method got a progress object: <c>"bound"</c> or <c>"null"</c>.</summary>
    [JsonRpcMethod("test.progress_bound")]
    Task<string> Bound(IProgress<string>? progress);
}

using OrleansRpc.Rpc;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>The same small items streamed or returned as one array: the streamed-result scenario's pair.</summary>
public interface IItemsBenchGrain : IGrainWithStringKey
{
    /// <summary>0 … <paramref name="count"/> − 1, streamed (a page at a time, pulled by $/enumerator/next).</summary>
    [JsonRpcMethod("bench.items")]
    IAsyncEnumerable<int> Items(int count);

    /// <summary>The same items in one answer.</summary>
    [JsonRpcMethod("bench.items_array")]
    Task<int[]> ItemsArray(int count);
}

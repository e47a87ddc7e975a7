using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>Streamed results: sequences that end, never end, wait for a test, or fail part way.</summary>
public interface IStreamProbeGrain : IGrainWithStringKey
{
    /// <summary>1 … <paramref name="count"/>, as fast as they are asked for.</summary>
    [JsonRpcMethod("test.stream_count")]
    IAsyncEnumerable<int> Count(int count);

    /// <summary>"word 1" … "word <paramref name="count"/>": items whose size a type does not say.</summary>
    [JsonRpcMethod("test.stream_words")]
    IAsyncEnumerable<string> Words(int count);

    /// <summary>Items 1 … <paramref name="count"/>, each its number padded with dots to <paramref name="length"/> characters.</summary>
    [JsonRpcMethod("test.stream_blocks")]
    IAsyncEnumerable<string> Blocks(int count, int length);

    /// <summary>1, 2, … without end; signals <c>{barrier}:started</c> at its first item and <c>{barrier}:stopped</c> when it is disposed.</summary>
    [JsonRpcMethod("test.stream_watched")]
    IAsyncEnumerable<int> Watched(string barrier, CancellationToken cancellationToken);

    /// <summary>1, then 2 once <c>{barrier}:go</c> is signalled, then the end.</summary>
    [JsonRpcMethod("test.stream_gated")]
    IAsyncEnumerable<int> Gated(string barrier);

    /// <summary>1 … <paramref name="count"/>, then error 1234 "stream failed".</summary>
    [JsonRpcMethod("test.stream_fail")]
    IAsyncEnumerable<int> ThenFail(int count);
}

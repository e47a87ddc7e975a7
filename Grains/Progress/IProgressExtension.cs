using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace OrleansRpc.Grains.Progress;

/// <summary>
/// How a gateway takes the progress reports of a call from the node its grain runs on: an extension of
/// every grain, as Orleans's own <c>IAsyncEnumerable</c> support is, so that the call reaches the grain's
/// node (for a stateless worker, the caller's own) without knowing it. Interleaved: the grain is busy with
/// the call whose reports are taken.
/// </summary>
internal interface IProgressExtension : IGrainExtension
{
    /// <summary>See <see cref="ProgressReports.TakeAsync"/>; waits at most <see cref="ProgressExtension.LongPoll"/>.</summary>
    [AlwaysInterleave]
    Task<ProgressBatch> Take(string callId, long after, bool final);
}

namespace OrleansRpc.Grains.Progress;

internal sealed class ProgressExtension(ProgressReports reports) : IProgressExtension
{
    /// <summary>How long a take waits for a report: well inside Orleans's response timeout (30 s by default).</summary>
    public static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(10);

    public Task<ProgressBatch> Take(string callId, long after, bool final) => reports.TakeAsync(callId, after, final, LongPoll);
}

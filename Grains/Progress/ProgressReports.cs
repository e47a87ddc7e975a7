using System.Collections.Concurrent;

namespace OrleansRpc.Grains.Progress;

/// <summary>
/// The node's progress reports of the calls its grains are running, by call id, until the caller's
/// gateway takes them (<see cref="IProgressExtension"/>). A report is added where <c>Report</c> is called,
/// in the grain's own turn, so every report made before a method returned is here when its answer reaches
/// the gateway, which takes the last ones before it writes the answer (ARCHITECTURE.md, "Progress").
/// </summary>
/// <remarks>
/// Bounded: a call keeps at most <see cref="MaxWaiting"/> reports not yet taken, dropping its oldest past
/// that; a call's reports nobody has taken or added for <see cref="Idle"/> (its gateway went away) are
/// dropped by a sweep, and so is the mark of a finished call, which makes later reports no-ops.
/// </remarks>
internal sealed class ProgressReports : IDisposable
{
    public const int MaxWaiting = 1_000;

    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ProgressEntry> _calls = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _sweep;

    public ProgressReports(TimeProvider time)
    {
        _time = time;
        _sweep = time.CreateTimer(static state => ((ProgressReports)state!).Sweep(), this, Idle / 2, Idle / 2);
    }

    /// <summary>Calls with reports held or a finish remembered; for tests of the bounds.</summary>
    public int Count => _calls.Count;

    public void Add(string callId, byte[] value) => Entry(callId).Add(value, _time.GetTimestamp());

    /// <summary>
    /// The reports after number <paramref name="after"/> (numbered from 1 in the order they were made),
    /// which also lets go of those up to it; waits up to <paramref name="wait"/> for one when there is none.
    /// With <paramref name="final"/>, the last of them: the call has answered, and later reports are dropped.
    /// </summary>
    public async Task<ProgressBatch> TakeAsync(string callId, long after, bool final, TimeSpan wait)
    {
        var entry = Entry(callId);
        if (final)
        {
            return entry.Finish(after, _time.GetTimestamp());
        }

        var batch = entry.Take(after, _time.GetTimestamp(), out var next);
        if (next is null)
        {
            return batch;
        }

        using var timeout = new CancellationTokenSource(wait, _time);
        await Task.WhenAny(next, Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token));
        return entry.Take(after, _time.GetTimestamp(), out _);
    }

    public void Dispose() => _sweep.Dispose();

    private ProgressEntry Entry(string callId) => _calls.GetOrAdd(callId, static _ => new ProgressEntry());

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        foreach (var (callId, entry) in _calls)
        {
            if (_time.GetElapsedTime(entry.Touched, now) >= Idle)
            {
                _calls.TryRemove(new KeyValuePair<string, ProgressEntry>(callId, entry));
            }
        }
    }
}

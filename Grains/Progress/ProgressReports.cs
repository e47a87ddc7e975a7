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
/// that; a finished call is forgotten at its final take, and a call's reports nobody has taken or added for
/// <see cref="Idle"/> (its gateway went away) are dropped by a sweep.
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

    public void Add(string callId, byte[] value) => Add(Entry(callId), value);

    /// <summary>Adds to an entry already found: a report keeps its call's, so a report after the end finds it finished.</summary>
    public void Add(ProgressEntry entry, byte[] value) => entry.Add(value, _time.GetTimestamp());

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
            // Forgotten at once, not at the sweep: a client making many short calls with a token must not
            // make the node hold a finished entry for each. A report after this finds the entry it holds
            // finished, and is dropped.
            var last = entry.Finish(after, _time.GetTimestamp());
            _calls.TryRemove(new KeyValuePair<string, ProgressEntry>(callId, entry));
            return last;
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

    public ProgressEntry Entry(string callId) => _calls.GetOrAdd(callId, static _ => new ProgressEntry());

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

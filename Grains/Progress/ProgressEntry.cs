namespace OrleansRpc.Grains.Progress;

/// <summary>One call's reports waiting for its gateway (<see cref="ProgressReports"/>).</summary>
internal sealed class ProgressEntry
{
    private readonly Lock _lock = new();
    private readonly List<byte[]> _values = [];
    private long _first = 1;
    private bool _finished;
    private TaskCompletionSource? _added;

    /// <summary>When the entry was last added to or taken from, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long Touched { get; private set; }

    public void Add(byte[] value, long now)
    {
        TaskCompletionSource? added;
        lock (_lock)
        {
            Touched = now;
            if (_finished)
            {
                return;
            }

            if (_values.Count == ProgressReports.MaxWaiting)
            {
                _values.RemoveAt(0);
                _first++;
            }

            _values.Add(value);
            added = _added;
            _added = null;
        }

        added?.TrySetResult();
    }

    /// <summary>The reports after <paramref name="after"/>; when there are none, <paramref name="next"/> completes at the next one.</summary>
    public ProgressBatch Take(long after, long now, out Task? next)
    {
        lock (_lock)
        {
            Touched = now;
            var batch = TakeLocked(after);
            next = batch.Values.Length > 0 || _finished ? null : (_added ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            return batch;
        }
    }

    public ProgressBatch Finish(long after, long now)
    {
        TaskCompletionSource? added;
        ProgressBatch batch;
        lock (_lock)
        {
            Touched = now;
            batch = TakeLocked(after);
            _finished = true;
            _values.Clear();
            added = _added;
            _added = null;
        }

        added?.TrySetResult();
        return batch;
    }

    private ProgressBatch TakeLocked(long after)
    {
        // What the gateway has written (up to after) is let go of; the rest stays until it says so.
        var written = (int)Math.Clamp(after + 1 - _first, 0, _values.Count);
        _values.RemoveRange(0, written);
        _first += written;
        return new ProgressBatch(_first, [.. _values]);
    }
}

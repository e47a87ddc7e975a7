namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// A connection's frames waiting for the socket, in the order they were queued. Only notifications count
/// against the capacity: answers are already bounded by the in-flight limit, control frames by the
/// WebSocket's own send lock, and neither is ever dropped. One writer at a time drains it; whoever queues
/// into an idle queue becomes the writer, and stays it until it finds the queue empty after a flush.
/// </summary>
internal sealed class OutboundQueue(int capacity)
{
    private readonly object _lock = new();
    private readonly Queue<OutboundFrame> _frames = new();
    private int _notifications;
    private bool _writing;
    private bool _dataClosed;
    private bool _sealed;
    private TaskCompletionSource? _writerGone;

    /// <param name="dropOldest">When full: drop the oldest notification (returned in <paramref name="dropped"/>) rather than refuse.</param>
    /// <returns>Queued, or why not.</returns>
    public EnqueueResult Enqueue(in OutboundFrame frame, bool dropOldest, out bool startWriter, out OutboundFrame? dropped)
    {
        startWriter = false;
        dropped = null;
        lock (_lock)
        {
            if (_sealed || (_dataClosed && frame.Control is null))
            {
                return EnqueueResult.Closed;
            }

            if (frame.IsNotification)
            {
                if (_notifications >= capacity)
                {
                    if (!dropOldest)
                    {
                        return EnqueueResult.Full;
                    }

                    dropped = RemoveOldestNotification();
                }

                _notifications++;
            }

            _frames.Enqueue(frame);
            if (!_writing)
            {
                _writing = true;
                startWriter = true;
            }

            return EnqueueResult.Queued;
        }
    }

    /// <summary>
    /// Moves frames, oldest first, into <paramref name="batch"/> under one lock: as many as fit, up to
    /// <paramref name="byteBudget"/> bytes (at least one frame, however big). A fan-out leaves several
    /// notifications on each member between two writes, and they go out with one lock rather than one each.
    /// </summary>
    /// <param name="stopIfEmpty">With nothing to take (or the queue sealed), give up the writer role in the same lock.</param>
    /// <returns>How many frames were taken.</returns>
    public int TakeBatch(Span<OutboundFrame> batch, int byteBudget, bool stopIfEmpty)
    {
        lock (_lock)
        {
            var count = 0;
            if (!_sealed)
            {
                var bytes = 0;
                while (count < batch.Length && bytes < byteBudget && _frames.TryDequeue(out var frame))
                {
                    if (frame.IsNotification)
                    {
                        _notifications--;
                    }

                    bytes += frame.Payload.Length;
                    batch[count++] = frame;
                }
            }

            if (count == 0 && stopIfEmpty)
            {
                _writing = false;
                _writerGone?.TrySetResult();
            }

            return count;
        }
    }

    /// <summary>Gives up the writer role once the queue is sealed (the transport failed): nothing is left to write.</summary>
    public void StopWriting()
    {
        lock (_lock)
        {
            _writing = false;
            _writerGone?.TrySetResult();
        }
    }

    /// <summary>
    /// Refuses answers and notifications from now on and hands back those still waiting; control frames
    /// (the close frame that follows) are still taken.
    /// </summary>
    public OutboundFrame[] CloseData()
    {
        lock (_lock)
        {
            _dataClosed = true;
            var removed = new List<OutboundFrame>();
            var count = _frames.Count;
            for (var i = 0; i < count; i++)
            {
                var frame = _frames.Dequeue();
                if (frame.Control is null)
                {
                    removed.Add(frame);
                }
                else
                {
                    _frames.Enqueue(frame);
                }
            }

            _notifications = 0;
            return [.. removed];
        }
    }

    /// <summary>Refuses everything from now on and hands back what was still waiting.</summary>
    /// <param name="writerGone">Completes once no writer is running any more.</param>
    public OutboundFrame[] Seal(out Task writerGone)
    {
        lock (_lock)
        {
            _sealed = true;
            _dataClosed = true;
            writerGone = _writing ? (_writerGone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
            var remaining = _frames.ToArray();
            _frames.Clear();
            _notifications = 0;
            return remaining;
        }
    }

    private OutboundFrame RemoveOldestNotification()
    {
        // Rare (only under overload), so a rebuild of the queue is fine.
        OutboundFrame? oldest = null;
        var count = _frames.Count;
        for (var i = 0; i < count; i++)
        {
            var frame = _frames.Dequeue();
            if (oldest is null && frame.IsNotification)
            {
                oldest = frame;
                _notifications--;
                continue;
            }

            _frames.Enqueue(frame);
        }

        return oldest!.Value;
    }
}

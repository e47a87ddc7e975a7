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

    /// <summary>The next frame for the writer, which keeps its role even when there is none.</summary>
    public bool TryTake(out OutboundFrame frame)
    {
        lock (_lock)
        {
            if (_sealed || !_frames.TryDequeue(out frame))
            {
                frame = default;
                return false;
            }

            if (frame.IsNotification)
            {
                _notifications--;
            }

            return true;
        }
    }

    /// <summary>Gives up the writer role if nothing is waiting (or the queue is sealed); false when there is more to write.</summary>
    public bool TryStopWriting()
    {
        lock (_lock)
        {
            if (!_sealed && _frames.Count > 0)
            {
                return false;
            }

            _writing = false;
            _writerGone?.TrySetResult();
            return true;
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

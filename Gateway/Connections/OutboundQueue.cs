namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// A connection's messages waiting for the socket, in the order they were queued. Only notifications
/// count against the capacity: answers are already bounded by the in-flight limit and are never dropped.
/// One writer at a time drains it; whoever queues into an idle queue becomes the writer.
/// </summary>
internal sealed class OutboundQueue(int capacity)
{
    private readonly object _lock = new();
    private readonly Queue<OutboundFrame> _frames = new();
    private int _notifications;
    private bool _writing;
    private bool _closed;

    /// <param name="dropOldest">When full: drop the oldest notification (returned in <paramref name="dropped"/>) rather than refuse.</param>
    /// <returns>Queued, or why not.</returns>
    public EnqueueResult Enqueue(in OutboundFrame frame, bool dropOldest, out bool startWriter, out OutboundFrame? dropped)
    {
        startWriter = false;
        dropped = null;
        lock (_lock)
        {
            if (_closed)
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

    /// <summary>The next frame for the writer; false (and the writer role given up) when there is none.</summary>
    /// <param name="more">Whether another frame is already waiting behind this one.</param>
    public bool TryDequeue(out OutboundFrame frame, out bool more)
    {
        lock (_lock)
        {
            if (_closed || !_frames.TryDequeue(out frame))
            {
                frame = default;
                more = false;
                _writing = false;
                return false;
            }

            more = _frames.Count > 0;
            if (frame.IsNotification)
            {
                _notifications--;
            }

            return true;
        }
    }

    /// <summary>Refuses everything from now on and hands back what was still waiting.</summary>
    public OutboundFrame[] Close()
    {
        lock (_lock)
        {
            _closed = true;
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

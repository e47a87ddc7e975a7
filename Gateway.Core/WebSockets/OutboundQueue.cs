using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// A connection's frames waiting for the socket, in the order they were queued. Notifications count
/// against the capacity (they are shared by every member of a group, so they are counted, not weighed).
/// Answers and control frames count their bytes against the connection's byte budget: past it the
/// connection stops reading (<see cref="OverBudget"/>), and an answer that finds four budgets waiting is
/// refused (<see cref="EnqueueResult.Full"/>: the connection is closed as a slow consumer). A pong that
/// finds one still waiting takes its place (RFC 6455 §5.5.3 allows answering only the latest ping), so a
/// ping flood from a client that does not read holds one pong. One writer at a time drains the queue;
/// whoever queues into an idle queue becomes the writer, and stays it until it finds the queue empty after
/// a flush.
/// </summary>
/// <remarks>
/// The frames are a ring in this object, and it locks on itself (it is never handed out): a group's
/// fan-out visits every member's queue for every notification, and a lock object and a
/// <see cref="Queue{T}"/> more per connection were two more objects to reach per visit.
/// </remarks>
/// <param name="capacity">How many notifications may wait.</param>
/// <param name="byteBudget">How many bytes of answers and control frames may wait before the connection stops reading.</param>
/// <param name="answerMemory">The node's budget, which the answers waiting here count against too.</param>
internal sealed class OutboundQueue(int capacity, long byteBudget = long.MaxValue, AnswerMemory? answerMemory = null)
{
    private const int FirstRingSize = 4;

    /// <summary>How many budgets of answers may wait before a further answer closes the connection.</summary>
    public const int HardLimitInBudgets = 4;

    private OutboundFrame[] _ring = [];
    private int _head;
    private int _count;
    private int _notifications;
    private bool _writing;
    private bool _dataClosed;
    private bool _sealed;
    private TaskCompletionSource? _writerGone;
    private readonly long _hardLimit = byteBudget > long.MaxValue / HardLimitInBudgets ? long.MaxValue : byteBudget * HardLimitInBudgets;
    private long _waitingBytes;
    private ControlFrame? _pendingPong;
    private TaskCompletionSource? _underBudget;

    /// <summary>Notifications waiting, read without the lock: for the metrics, which need no exact figure.</summary>
    public int Notifications => Volatile.Read(ref _notifications);

    /// <summary>Bytes of answers and control frames waiting, read without the lock.</summary>
    public long WaitingBytes => Volatile.Read(ref _waitingBytes);

    /// <summary>Whether the answers and control frames waiting have reached the byte budget: the connection should not read.</summary>
    public bool OverBudget => Volatile.Read(ref _waitingBytes) >= byteBudget;

    /// <summary>Completes once the waiting bytes are under the budget again, or the queue stops taking answers.</summary>
    public Task WhenUnderBudget()
    {
        lock (this)
        {
            if (_waitingBytes < byteBudget || _dataClosed)
            {
                return Task.CompletedTask;
            }

            return (_underBudget ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <param name="dropOldest">When full: drop the oldest notification (returned in <paramref name="dropped"/>) rather than refuse.</param>
    /// <returns>Queued, or why not.</returns>
    public EnqueueResult Enqueue(in OutboundFrame frame, bool dropOldest, out bool startWriter, out OutboundFrame? dropped)
    {
        startWriter = false;
        dropped = null;
        lock (this)
        {
            if (_sealed || (_dataClosed && frame.Control is null))
            {
                return EnqueueResult.Closed;
            }

            if (frame.Control is { Opcode: FrameHeader.Pong } pong && _pendingPong is { } waiting)
            {
                // Still unsent: it goes out with the latest payload instead, and no frame is added.
                _waitingBytes += pong.Bytes.Length - waiting.Bytes.Length;
                waiting.TakeBytesOf(pong);
                return EnqueueResult.Queued;
            }

            if (frame.Answer is { } answer && _waitingBytes > 0 && _waitingBytes + answer.WrittenCount > _hardLimit)
            {
                return EnqueueResult.Full;
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

            Push(frame);
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
        lock (this)
        {
            var count = 0;
            if (!_sealed)
            {
                var bytes = 0;
                while (count < batch.Length && bytes < byteBudget && _count > 0)
                {
                    var frame = Pop();
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
        lock (this)
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
        lock (this)
        {
            _dataClosed = true;
            WakeReader();
            var removed = new List<OutboundFrame>();
            var count = _count;
            for (var i = 0; i < count; i++)
            {
                var frame = Pop();
                if (frame.Control is null)
                {
                    removed.Add(frame);
                }
                else
                {
                    Push(frame);
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
        lock (this)
        {
            _sealed = true;
            _dataClosed = true;
            WakeReader();
            writerGone = _writing ? (_writerGone ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task : Task.CompletedTask;
            var remaining = _count == 0 ? [] : new OutboundFrame[_count];
            for (var i = 0; i < remaining.Length; i++)
            {
                remaining[i] = Pop();
            }

            _notifications = 0;
            return remaining;
        }
    }

    private OutboundFrame RemoveOldestNotification()
    {
        // Rare (only under overload), so a rebuild of the queue is fine.
        OutboundFrame? oldest = null;
        var count = _count;
        for (var i = 0; i < count; i++)
        {
            var frame = Pop();
            if (oldest is null && frame.IsNotification)
            {
                oldest = frame;
                _notifications--;
                continue;
            }

            Push(frame);
        }

        return oldest!.Value;
    }

    private void Push(in OutboundFrame frame)
    {
        if (_count == _ring.Length)
        {
            Grow();
        }

        var tail = _head + _count;
        _ring[tail < _ring.Length ? tail : tail - _ring.Length] = frame;
        _count++;
        if (!frame.IsNotification)
        {
            _waitingBytes += frame.Payload.Length;
            if (frame.Answer is { } answer)
            {
                answerMemory?.Take(answer.WrittenCount);
            }
            else if (frame.Control is { Opcode: FrameHeader.Pong } pong)
            {
                _pendingPong = pong;
            }
        }
    }

    private OutboundFrame Pop()
    {
        var frame = _ring[_head];

        // A taken slot keeps no answer or notification alive.
        _ring[_head] = default;
        _head = _head + 1 == _ring.Length ? 0 : _head + 1;
        _count--;
        if (!frame.IsNotification)
        {
            _waitingBytes -= frame.Payload.Length;
            if (frame.Answer is { } answer)
            {
                answerMemory?.Give(answer.WrittenCount);
            }
            else if (frame.Control is { } control && ReferenceEquals(control, _pendingPong))
            {
                _pendingPong = null;
            }

            if (_underBudget is not null && _waitingBytes < byteBudget)
            {
                WakeReader();
            }
        }

        return frame;
    }

    private void WakeReader()
    {
        _underBudget?.TrySetResult();
        _underBudget = null;
    }

    private void Grow()
    {
        var ring = new OutboundFrame[Math.Max(FirstRingSize, _ring.Length * 2)];
        for (var i = 0; i < _count; i++)
        {
            var from = _head + i;
            ring[i] = _ring[from < _ring.Length ? from : from - _ring.Length];
        }

        _ring = ring;
        _head = 0;
    }
}

using System.Diagnostics;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// A connection's in-flight limit: a slot is taken for each message read and given back once it has
/// been answered (its answer written, or none due). Taking and giving back are one interlocked operation
/// each, with no lock, since they happen for every message; only waiting, which one reader at a time
/// does (the connection's receive loop, later its drain), allocates.
/// </summary>
internal sealed class InFlightSlots
{
    private int _free;
    private int _wanted;
    private TaskCompletionSource? _waiter;
    private int _reading;
    private Action? _whenNoCalls;

    public InFlightSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _free = capacity;
    }

    public int Capacity { get; }

    public int Free => Volatile.Read(ref _free);

    public bool TryTake()
    {
        var free = Volatile.Read(ref _free);
        while (free > 0)
        {
            var seen = Interlocked.CompareExchange(ref _free, free - 1, free);
            if (seen == free)
            {
                return true;
            }

            free = seen;
        }

        return false;
    }

    public void Release(int count = 1)
    {
        var free = Interlocked.Add(ref _free, count);
        Debug.Assert(free <= Capacity, "More slots were given back than were taken.");
        if (Volatile.Read(ref _waiter) is { } waiter && free >= Volatile.Read(ref _wanted))
        {
            Wake(waiter);
        }

        if (Volatile.Read(ref _whenNoCalls) is { } noCalls)
        {
            CheckNoCalls(noCalls);
        }
    }

    /// <summary>
    /// The receive loop holds a slot for the message it is reading: that slot is not a call. Full fence:
    /// a release that did not see it, the check after it sees.
    /// </summary>
    public void StartReading()
    {
        Interlocked.Exchange(ref _reading, 1);
        if (Volatile.Read(ref _whenNoCalls) is { } noCalls)
        {
            CheckNoCalls(noCalls);
        }
    }

    /// <summary>The receive loop's slot becomes a call's (the message is handed on), or is about to be given back.</summary>
    public void StopReading() => Volatile.Write(ref _reading, 0);

    /// <summary>
    /// Runs <paramref name="callback"/> once, as soon as no call is in progress (at once if none is): every
    /// slot free but the one the receive loop may hold. Unlike <see cref="WhenFreeAsync"/>, it does not
    /// compete with the receive loop's waiting.
    /// </summary>
    public void WhenNoCalls(Action callback)
    {
        Interlocked.Exchange(ref _whenNoCalls, callback);
        CheckNoCalls(callback);
    }

    private void CheckNoCalls(Action callback)
    {
        if (Free + Volatile.Read(ref _reading) == Capacity && Interlocked.CompareExchange(ref _whenNoCalls, null, callback) == callback)
        {
            callback();
        }
    }

    /// <summary>
    /// Completes once at least <paramref name="wanted"/> slots are free, taking none of them. One waiter at
    /// a time: the slots have a single reader.
    /// </summary>
    public Task WhenFreeAsync(int wanted)
    {
        if (Free >= wanted)
        {
            return Task.CompletedTask;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _wanted, wanted);
        Interlocked.Exchange(ref _waiter, waiter);

        // Either this sees a release made since the check above, or that release sees the waiter (both
        // sides write, then fence, then read); whichever wakes it first wins, once.
        if (Free >= wanted)
        {
            Wake(waiter);
        }

        return waiter.Task;
    }

    private void Wake(TaskCompletionSource waiter)
    {
        if (Interlocked.CompareExchange(ref _waiter, null, waiter) == waiter)
        {
            waiter.TrySetResult();
        }
    }
}

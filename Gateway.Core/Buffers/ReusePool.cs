using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace OrleansRpc.Gateway.Buffers;

/// <summary>
/// Finished objects of one type kept for reuse. Each thread keeps a few of its own, taken and given back
/// without an interlocked operation, because a call is usually set up, answered and finished on one
/// thread; a shared queue behind them evens out threads that only give back or only take. Past both
/// limits an object is left to the GC, so the pool never holds more than a burst's worth.
/// </summary>
/// <remarks>
/// An instance, kept in a static field of the pooled type, rather than a static generic class: a thread
/// static of a generic class is found through a runtime helper on every access (with the pool's own
/// code, ~3% of the dispatcher micro-benchmark's samples). The per-thread part lives in
/// <see cref="ReuseStash"/>'s thread static, which is not generic.
/// </remarks>
internal sealed class ReusePool<T>
    where T : class
{
    private const int PerThread = 32;
    private const int Shared = 1024;

    private readonly int _slot = ReuseStash.NewSlot();
    private readonly ConcurrentQueue<T> _shared = new();
    private int _sharedCount;

    /// <returns>A finished object, or null when there is none to reuse.</returns>
    public T? TryTake()
    {
        var stash = ReuseStash.Find(_slot);
        if (stash is not null && stash.Count > 0)
        {
            var items = stash.Items;
            var index = --stash.Count;
            var item = items[index];
            items[index] = null;

            // Only this pool puts objects in its slot, and they are all T.
            return Unsafe.As<T>(item);
        }

        if (_shared.TryDequeue(out var shared))
        {
            Interlocked.Decrement(ref _sharedCount);
            return shared;
        }

        return null;
    }

    /// <summary>Keeps a finished object, which its owner must not touch any more.</summary>
    public void Return(T item)
    {
        var stash = ReuseStash.Find(_slot) ?? ReuseStash.Create(_slot, PerThread);
        if (stash.Count < stash.Items.Length)
        {
            stash.Items[stash.Count++] = item;
            return;
        }

        if (Interlocked.Increment(ref _sharedCount) <= Shared)
        {
            _shared.Enqueue(item);
            return;
        }

        Interlocked.Decrement(ref _sharedCount);
    }
}

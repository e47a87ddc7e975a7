using System.Collections.Concurrent;

namespace OrleansRpc.Gateway.Buffers;

/// <summary>
/// Finished objects of one type kept for reuse. Each thread keeps a few of its own, taken and given back
/// without an interlocked operation, because a call is usually set up, answered and finished on one
/// thread; a shared queue behind them evens out threads that only give back or only take. Past both
/// limits an object is left to the GC, so the pool never holds more than a burst's worth.
/// </summary>
internal static class ReusePool<T>
    where T : class
{
    private const int PerThread = 32;
    private const int Shared = 1024;

    private static readonly ConcurrentQueue<T> s_shared = new();
    private static int s_sharedCount;

    [ThreadStatic]
    private static T?[]? t_items;

    [ThreadStatic]
    private static int t_count;

    /// <returns>A finished object, or null when there is none to reuse.</returns>
    public static T? TryTake()
    {
        var items = t_items;
        if (items is not null && t_count > 0)
        {
            var item = items[--t_count];
            items[t_count] = null;
            return item;
        }

        if (s_shared.TryDequeue(out var shared))
        {
            Interlocked.Decrement(ref s_sharedCount);
            return shared;
        }

        return null;
    }

    /// <summary>Keeps a finished object, which its owner must not touch any more.</summary>
    public static void Return(T item)
    {
        var items = t_items ??= new T?[PerThread];
        if (t_count < items.Length)
        {
            items[t_count++] = item;
            return;
        }

        if (Interlocked.Increment(ref s_sharedCount) <= Shared)
        {
            s_shared.Enqueue(item);
            return;
        }

        Interlocked.Decrement(ref s_sharedCount);
    }
}

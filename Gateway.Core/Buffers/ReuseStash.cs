namespace OrleansRpc.Gateway.Buffers;

/// <summary>
/// One thread's objects kept by one <see cref="ReusePool{T}"/>. Every pool has a slot number, and each
/// thread an array of stashes indexed by it, reached through one non-generic thread static.
/// </summary>
internal sealed class ReuseStash(int capacity)
{
    private static int s_slots;

    [ThreadStatic]
    private static ReuseStash?[]? t_stashes;

    public readonly object?[] Items = new object?[capacity];

    public int Count;

    /// <summary>A slot for a new pool; pools are made once per pooled type, so slots stay few.</summary>
    public static int NewSlot() => Interlocked.Increment(ref s_slots) - 1;

    /// <returns>This thread's stash in <paramref name="slot"/>, or null before the thread gave anything back to it.</returns>
    public static ReuseStash? Find(int slot)
    {
        var stashes = t_stashes;
        return stashes is not null && (uint)slot < (uint)stashes.Length ? stashes[slot] : null;
    }

    public static ReuseStash Create(int slot, int capacity)
    {
        var stashes = t_stashes;
        if (stashes is null || slot >= stashes.Length)
        {
            // Slots made after this thread's array was grown are fitted in here, the first time they are used.
            Array.Resize(ref stashes, Math.Max(slot + 1, Volatile.Read(ref s_slots)));
            t_stashes = stashes;
        }

        return stashes[slot] ??= new ReuseStash(capacity);
    }
}

using OrleansRpc.Gateway.Buffers;

namespace OrleansRpc.Tests.Buffers;

/// <summary>
/// The pool behind reused calls, messages and answer writers: a thread takes back what it gave, pools never
/// hand out each other's objects, and what one thread cannot keep goes to the others, up to a limit.
/// Each test makes pools of its own, so nothing else in the process gives to or takes from them.
/// </summary>
public sealed class ReusePoolTests
{
    private const int PerThread = 32;
    private const int Shared = 1024;

    [Fact]
    public void AThreadTakesBackWhatItGaveLastFirstAndOnlyFromThatPool()
    {
        var pool = new ReusePool<object>();
        var other = new ReusePool<object>();
        var (first, second) = (new object(), new object());

        Assert.Null(pool.TryTake());
        pool.Return(first);
        pool.Return(second);

        Assert.Null(other.TryTake());
        Assert.Same(second, pool.TryTake());
        Assert.Same(first, pool.TryTake());
        Assert.Null(pool.TryTake());
    }

    [Fact]
    public void APoolMadeAfterTheThreadFirstUsedOneKeepsItsOwn()
    {
        var early = new ReusePool<object>();
        early.Return(new object());

        // Slots beyond the array this thread made for the early pool.
        var late = Enumerable.Range(0, 5).Select(_ => new ReusePool<string>()).ToArray();
        var kept = new string('x', 3);
        late[^1].Return(kept);

        Assert.Same(kept, late[^1].TryTake());
        Assert.All(late, pool => Assert.Null(pool.TryTake()));
        Assert.NotNull(early.TryTake());
    }

    [Fact]
    public void WhatAThreadCannotKeepGoesToOtherThreadsUpToTheSharedLimit()
    {
        var pool = new ReusePool<object>();
        var given = Enumerable.Range(0, PerThread + Shared + 10).Select(_ => new object()).ToArray();
        OnNewThread(() =>
        {
            foreach (var item in given)
            {
                pool.Return(item);
            }
        });

        var taken = new List<object>();
        OnNewThread(() =>
        {
            while (pool.TryTake() is { } item)
            {
                taken.Add(item);
            }
        });

        // The giving thread kept the first 32, the shared queue the next 1,024; the last 10 were let go.
        Assert.Equal(given[PerThread..(PerThread + Shared)], taken);
    }

    private static void OnNewThread(Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        Assert.Null(failure);
    }
}

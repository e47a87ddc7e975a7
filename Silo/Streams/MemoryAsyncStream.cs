using OrleansRpc.Streams;

namespace OrleansRpc.Silo.Streams;

/// <summary>
/// An in-process stream: publishing numbers the item and hands it to each subscriber in turn, before
/// <see cref="OnNextAsync"/> completes, so a publisher sees its items delivered in order.
/// </summary>
internal sealed class MemoryAsyncStream<T>(string streamId) : IAsyncStream<T>
{
    private readonly object _lock = new();
    private Func<T, long, Task>[] _subscribers = [];
    private long _sequence;

    public string StreamId { get; } = streamId;

    public async Task<long> OnNextAsync(T item)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            await subscriber(item, sequence);
        }

        return sequence;
    }

    public Task<IAsyncDisposable> SubscribeAsync(Func<T, long, Task> onNext)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers, onNext];
        }

        return Task.FromResult<IAsyncDisposable>(new Subscription(this, onNext));
    }

    private void Unsubscribe(Func<T, long, Task> onNext)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => s != onNext)];
        }
    }

    private sealed class Subscription(MemoryAsyncStream<T> stream, Func<T, long, Task> onNext) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            stream.Unsubscribe(onNext);
            return ValueTask.CompletedTask;
        }
    }
}

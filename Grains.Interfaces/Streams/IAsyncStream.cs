namespace OrleansRpc.Streams;

/// <summary>
/// An ordered stream of items, each with a sequence number: what a group's notifications travel on.
/// Subscribers are per node (a gateway), not per member, so a publish costs one delivery per node.
/// </summary>
public interface IAsyncStream<T>
{
    string StreamId { get; }

    /// <summary>Appends the item and delivers it to every subscriber; returns its sequence number.</summary>
    Task<long> OnNextAsync(T item);

    /// <summary>Receives every item published from now on, in order, with its sequence number.</summary>
    Task<IAsyncDisposable> SubscribeAsync(Func<T, long, Task> onNext);
}

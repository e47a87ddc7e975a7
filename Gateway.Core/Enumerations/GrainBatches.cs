using System.Runtime.InteropServices;
using Orleans;
using Orleans.Runtime;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// A grain's <c>IAsyncEnumerable&lt;T&gt;</c> read a batch at a time through Orleans's own grain extension for it
/// (<see cref="IAsyncEnumerableGrainExtension"/>, the contract Orleans's enumerator calls), rather than an
/// item at a time through that enumerator: a page is a batch, so the gateway writes a batch's items in one
/// loop and pays for no asynchronous step per item (ARCHITECTURE.md, "Streamed results"). The grain's node
/// runs the sequence exactly as it does for Orleans's enumerator: same batching, same idle sweep, same
/// cancellation of a pull in flight.
/// </summary>
internal sealed class GrainBatches<T>
{
    private readonly IAsyncEnumerableGrainExtension _source;
    private readonly IAsyncEnumerableRequest<T> _request;
    private readonly CancellationToken _stop;
    private readonly Guid _id = Guid.NewGuid();
    private bool _started;
    private bool _finished;

    // The last batch: Orleans sends a list, or one item alone when only one was ready.
    private List<T>? _list;
    private T _single = default!;
    private int _count;

    /// <param name="grain">The grain whose method returned <paramref name="items"/>.</param>
    /// <param name="items">What the grain reference's method returned: Orleans's request for the sequence.</param>
    /// <param name="batchSize">Items the grain's node sends in one batch at most.</param>
    /// <param name="stop">Cancels a pull in flight; the grain's node then stops and disposes the sequence.</param>
    public GrainBatches(IAddressable grain, IAsyncEnumerable<T> items, int batchSize, CancellationToken stop)
    {
        _request = (IAsyncEnumerableRequest<T>)items;
        _request.MaxBatchSize = batchSize;
        _source = grain.AsReference<IAsyncEnumerableGrainExtension>();
        _stop = stop;
    }

    /// <summary>True once a batch said it was the last, or the sequence failed: the grain's node has let it go.</summary>
    public bool Finished => _finished;

    /// <summary>The items <see cref="NextAsync"/> read last; the next read replaces them.</summary>
    public ReadOnlySpan<T> Items => _list is not null ? CollectionsMarshal.AsSpan(_list) : MemoryMarshal.CreateReadOnlySpan(ref _single, _count);

    /// <summary>
    /// Reads the next items into <see cref="Items"/>, at least one unless the sequence is finished. Waits as
    /// long as the producer does: Orleans answers a pull that waits past half its response timeout with a
    /// heartbeat, which is pulled again.
    /// </summary>
    public async Task NextAsync()
    {
        while (true)
        {
            // Started as soon as it is asked for: a start that fails may still have reached the grain's node,
            // so the sequence is disposed there all the same (a dispose of one it does not know is nothing).
            var first = !_started;
            _started = true;
            _stop.ThrowIfCancellationRequested();
            var result = first
                ? await _source.StartEnumeration(_id, _request, _stop)
                : await _source.MoveNext<T>(_id, _stop);

            var status = result.Status;
            if ((status & (EnumerationResult.Completed | EnumerationResult.Error | EnumerationResult.Canceled | EnumerationResult.MissingEnumeratorError)) != 0)
            {
                // The grain's node has removed the sequence already: nothing to dispose there.
                _finished = true;
            }

            switch (status)
            {
                case EnumerationResult.Heartbeat:
                    continue;
                case EnumerationResult.Element:
                case EnumerationResult.CompletedWithElement:
                    _list = null;
                    _single = (T)result.Value!;
                    _count = 1;
                    return;
                case EnumerationResult.Batch:
                case EnumerationResult.CompletedWithBatch:
                    _list = (List<T>)result.Value!;
                    return;
                case EnumerationResult.Completed:
                    _list = null;
                    _single = default!;
                    _count = 0;
                    return;
                case EnumerationResult.Canceled:
                    throw new OperationCanceledException(_stop);
                case EnumerationResult.Error:
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw((Exception)result.Value!);
                    break;
            }

            // MissingEnumeratorError, and anything a later Orleans adds: the grain's node does not know the sequence.
            throw new EnumerationAbortedException(
                "The sequence is gone from the grain's node: the grain was deactivated, or the sequence was not pulled for longer than Orleans's response timeout.");
        }
    }

    /// <summary>Lets the grain's node dispose a sequence that has not finished, as Orleans's enumerator does when disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_started || _finished)
        {
            return;
        }

        _finished = true;
        await _source.DisposeAsync(_id);
    }
}

using System.Runtime.CompilerServices;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// A streamed result being read for one connection: the grain's sequence, pulled from the grain's node in
/// Orleans's batches (<see cref="GrainBatches{T}"/>) as the client pulls pages (ARCHITECTURE.md, "Streamed results").
/// </summary>
internal abstract class Enumeration : IAsyncDisposable
{
    /// <summary>Items of unknown size in one Orleans batch: Orleans's own default.</summary>
    public const int MaxBatchItems = 100;

    /// <summary>
    /// What one Orleans batch of fixed-size items (numbers, say) holds at most on this node. A batch is a
    /// grain call and a page, about 40 µs of server CPU: 5 ns an integer at 32 KiB, 10 at 16 KiB (streamed ÷
    /// array 0.53 against 0.50, Benchmarks/Findings.md), for 2 MiB held by a connection's 64 unread sequences.
    /// </summary>
    public const int MaxBatchBytes = 32 * 1024;

    /// <summary>
    /// How many items the grain's node sends in one batch, all of which this node holds until they are read:
    /// 100 of a type whose size is not known, as many as fit <see cref="MaxBatchBytes"/> of one whose size
    /// is (8,192 integers). A batch is a grain call, so small items in batches of 100 cost their call more
    /// than themselves.
    /// </summary>
    public static int BatchSize<T>() =>
        RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? MaxBatchItems : Math.Max(MaxBatchItems, MaxBatchBytes / Unsafe.SizeOf<T>());

    /// <summary>A page stops growing past this many bytes of items, so one slow item never waits behind a large page.</summary>
    public const int PageBytes = 64 * 1024;

    /// <summary>
    /// The next items: the rest of the current batch, or the next batch once it is here, up to
    /// <see cref="PageBytes"/>. A page that says finished is the last.
    /// </summary>
    /// <exception cref="EnumerationBusyException">A page is already being read for this sequence.</exception>
    public abstract Task<EnumerationPage> NextAsync();

    /// <summary>
    /// Every item, for HTTP, which has no connection to pull on: at most <paramref name="maxItems"/>, else
    /// -32006 (the sequence is disposed either way).
    /// </summary>
    public abstract Task<EnumerationPage> AllAsync(int maxItems);

    /// <summary>Stops the sequence: Orleans cancels a pull in flight and disposes the grain's enumerator.</summary>
    public abstract ValueTask DisposeAsync();
}

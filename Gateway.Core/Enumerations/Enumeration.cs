namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// A streamed result being read for one connection: the grain's sequence behind Orleans's enumerator, which
/// fetches it from the grain's node in batches as it is pulled (ARCHITECTURE.md, "Streamed results").
/// </summary>
internal abstract class Enumeration : IAsyncDisposable
{
    /// <summary>At most this many items in one page.</summary>
    public const int MaxPageItems = 100;

    /// <summary>A page stops growing past this many bytes of items, so one slow item never waits behind a large page.</summary>
    public const int PageBytes = 64 * 1024;

    /// <summary>
    /// The next items: waits for one, then takes those that are already here (Orleans's current batch), up to
    /// <see cref="MaxPageItems"/> or <see cref="PageBytes"/>. A page that says finished is the last.
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

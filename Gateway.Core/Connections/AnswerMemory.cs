namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// The node's budget for answers written but not yet taken by their sockets, over every WebSocket and
/// HTTP connection. Per-connection budgets bound one client; this bounds them all together, so that many
/// clients that each stay within their own budget still cannot take the process's memory. A result that
/// finds no room is answered -32006 in its place (the call ran; the client may retry), never held.
/// </summary>
/// <remarks>
/// The room is looked at when a result is written and taken when the answer is queued, so calls that
/// finish together may pass the limit by their answers: it is a budget, not an allocator.
/// </remarks>
internal sealed class AnswerMemory(long limit)
{
    private long _bytes;

    public long Limit => limit;

    /// <summary>Bytes of answers waiting for their sockets now.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    public long Room => limit - Volatile.Read(ref _bytes);

    public void Take(int bytes) => Interlocked.Add(ref _bytes, bytes);

    public void Give(int bytes) => Interlocked.Add(ref _bytes, -bytes);

    /// <summary>The default: a quarter of the memory the GC may use (the container's, or a heap hard limit's, when set).</summary>
    public static long DefaultLimit() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;
}

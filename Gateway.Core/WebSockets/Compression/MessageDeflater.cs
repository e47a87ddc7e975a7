using System.IO.Compression;
using OrleansRpc.Gateway.Delivery;

namespace OrleansRpc.Gateway.WebSockets.Compression;

/// <summary>
/// Compresses what one connection sends (RFC 7692 §7.2.1). Each message is compressed on its own, as
/// <c>server_no_context_takeover</c> promised, which is what lets a notification be compressed once, by
/// whichever member's writer gets to it first, and its bytes go to every other member on this node.
/// Messages shorter than the threshold go as they are: deflating them costs more than it saves.
/// </summary>
internal sealed class MessageDeflater(int threshold, DeflateAgreement agreement)
{
    /// <summary>The tail every flushed DEFLATE output ends with; the sender takes it off (§7.2.1).</summary>
    private const int FlushTailLength = 4;

    /// <summary>Room a thread's scratch keeps between messages; a larger message's room is let go after it.</summary>
    private const int KeptBytes = 64 * 1024;

    // Where each thread compresses its messages, reused for every one of them.
    [ThreadStatic]
    private static MemoryStream? t_scratch;

    private readonly int _threshold = Math.Max(threshold, 1);
    private readonly int _largest = agreement.LargestCompressible;

    /// <summary>Whether a message of <paramref name="length"/> bytes is worth compressing, and may be.</summary>
    public bool Wants(int length) => length >= _threshold && length <= _largest;

    /// <summary>
    /// A connection's own message compressed into this thread's scratch, valid until the thread compresses
    /// another; empty when compressing saves nothing.
    /// </summary>
    public static ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> payload)
    {
        var scratch = t_scratch ??= new MemoryStream(4096);
        scratch.SetLength(0);
        if (scratch.Capacity > KeptBytes)
        {
            scratch.Capacity = 4096;
        }

        int length;

        // A new deflater per message: the runtime's offers no reset, and context must not carry over.
        using (var deflate = new DeflateStream(scratch, CompressionLevel.Fastest, leaveOpen: true))
        {
            deflate.Write(payload);

            // A sync flush ends the output with an empty stored block (00 00 FF FF) and no final block;
            // disposing then writes a final block, which is not sent.
            deflate.Flush();
            length = (int)scratch.Length - FlushTailLength;
        }

        return length > 0 && length < payload.Length ? scratch.GetBuffer().AsSpan(0, length) : default;
    }

    /// <summary>
    /// A notification's compressed bytes in the wire shape asked for, made once and kept on the
    /// notification for every other socket; empty when compressing saves nothing.
    /// </summary>
    public static ReadOnlySpan<byte> Compress(NodeNotification notification, bool version1)
    {
        ref var kept = ref version1 ? ref notification.DeflatedVersion1 : ref notification.DeflatedVersion2;
        var deflated = Volatile.Read(ref kept);
        if (deflated is null)
        {
            // Two writers may both compress it; the bytes are the same, and one array is kept.
            var made = Compress((version1 ? notification.Version1 : notification.Version2).Span).ToArray();
            deflated = Interlocked.CompareExchange(ref kept, made, null) ?? made;
        }

        return deflated;
    }
}

using System.Buffers;
using System.IO.Compression;

namespace OrleansRpc.Gateway.WebSockets.Compression;

/// <summary>
/// Inflates one connection's compressed messages (RFC 7692 §7.2.2). Under client context takeover the
/// client may refer back to its earlier messages, so one inflater, and its 32 KiB window, lives as long as
/// the connection (made at its first compressed message); otherwise each message gets a fresh one.
/// </summary>
internal sealed class MessageInflater(bool contextTakeover) : IDisposable
{
    private const int SmallestBuffer = 256;

    private readonly InflaterSource _source = new();
    private DeflateStream? _stream;

    /// <summary>
    /// Inflates <paramref name="compressed"/> into a buffer from the shared pool, which the caller then
    /// owns. At most <paramref name="maxBytes"/> are inflated: past them the message is
    /// <see cref="InflateResult.TooBig"/>, however small it was compressed.
    /// </summary>
    public InflateResult Inflate(ReadOnlyMemory<byte> compressed, int maxBytes, out byte[]? inflated, out int length)
    {
        inflated = null;
        length = 0;
        _source.Start(compressed);
        var stream = _stream ??= new DeflateStream(_source, CompressionMode.Decompress, leaveOpen: true);

        // One byte past the limit is room enough to learn that the message is past it.
        var cap = (int)Math.Min((long)maxBytes + 1, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(compressed.Length * 4L, SmallestBuffer), cap));
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = stream.Read(buffer.AsSpan(count, Math.Min(buffer.Length, cap) - count));
                if (read == 0)
                {
                    break;
                }

                count += read;
                if (count > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    Reset();
                    return InflateResult.TooBig;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // InvalidDataException for bytes that are not DEFLATE; zlib's other errors come as IOException.
            ArrayPool<byte>.Shared.Return(buffer);
            Reset();
            return InflateResult.Invalid;
        }

        // A message may also end its DEFLATE stream with a final block (§7.2.3.4); the next one then starts
        // a new stream, and a new inflater reads it. Its window starts empty, so under context takeover a
        // message that refers back across that end cannot be inflated and is Invalid: never wrong bytes.
        if (!contextTakeover || !_source.AskedAfterEnd)
        {
            Reset();
        }

        inflated = buffer;
        length = count;
        return InflateResult.Inflated;
    }

    public void Dispose() => Reset();

    private void Reset()
    {
        _stream?.Dispose();
        _stream = null;
    }
}

using System.Buffers;
using System.Buffers.Binary;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// A whole text message as one server frame (RFC 6455 §5.2): FIN and opcode 1, the payload length in 1,
/// 3 or 9 bytes, no mask (a server never masks), then the payload. The same bytes would do for every
/// connection, which is what lets a fan-out write them without a WebSocket object in the way. A compressed
/// payload (permessage-deflate) has RSV1 set as well.
/// </summary>
internal static class TextFrame
{
    private const byte FinalText = 0x81;
    private const byte Compressed = 0x40;
    private const int MaxHeaderLength = 10;

    /// <summary>Small frames are written into one span; larger payloads are copied across the writer's segments.</summary>
    private const int ContiguousLimit = 4000;

    /// <param name="compressed">Whether <paramref name="payload"/> was compressed with the agreed permessage-deflate.</param>
    /// <returns>The bytes written, header included.</returns>
    public static int Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload, bool compressed = false)
    {
        if (payload.Length <= ContiguousLimit)
        {
            var span = writer.GetSpan(MaxHeaderLength + payload.Length);
            var header = WriteHeader(span, payload.Length, compressed);
            payload.CopyTo(span[header..]);
            writer.Advance(header + payload.Length);
            return header + payload.Length;
        }

        var headerLength = WriteHeader(writer.GetSpan(MaxHeaderLength), payload.Length, compressed);
        writer.Advance(headerLength);
        writer.Write(payload);
        return headerLength + payload.Length;
    }

    private static int WriteHeader(Span<byte> span, int length, bool compressed)
    {
        span[0] = compressed ? (byte)(FinalText | Compressed) : FinalText;
        if (length < 126)
        {
            span[1] = (byte)length;
            return 2;
        }

        if (length <= ushort.MaxValue)
        {
            span[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
            return 4;
        }

        span[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(span[2..], (ulong)length);
        return MaxHeaderLength;
    }
}

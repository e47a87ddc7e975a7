using System.Buffers;
using System.Buffers.Binary;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// The head of one frame as RFC 6455 §5.2 lays it out: FIN, three reserved bits, the opcode, the mask bit,
/// the payload length in 7, 7+16 or 7+64 bits, then the 4-byte masking key when the mask bit is set.
/// </summary>
internal readonly record struct FrameHeader(bool Fin, byte Reserved, byte Opcode, bool Masked, long PayloadLength, uint Mask)
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    /// <summary>The longest a head can be: 2 bytes, 8 of extended length, 4 of mask.</summary>
    public const int MaxLength = 14;

    /// <summary>Control frames (close, ping, pong) have opcodes from 8 up.</summary>
    public bool IsControl => Opcode >= Close;

    /// <summary>
    /// Reads a head from the start of <paramref name="buffer"/>. False when the buffer does not hold all of it
    /// yet; a 64-bit length with its top bit set, which RFC 6455 forbids, comes back negative.
    /// </summary>
    /// <param name="length">How many bytes the head took.</param>
    public static bool TryRead(in ReadOnlySequence<byte> buffer, out FrameHeader header, out int length)
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        var available = (int)Math.Min(buffer.Length, MaxLength);
        if (buffer.FirstSpan.Length >= available)
        {
            buffer.FirstSpan[..available].CopyTo(bytes);
        }
        else
        {
            buffer.Slice(0, available).CopyTo(bytes);
        }

        return TryRead(bytes[..available], out header, out length);
    }

    public static bool TryRead(ReadOnlySpan<byte> bytes, out FrameHeader header, out int length)
    {
        header = default;
        length = 2;
        if (bytes.Length < length)
        {
            return false;
        }

        var masked = (bytes[1] & 0x80) != 0;
        long payloadLength = bytes[1] & 0x7F;
        var extended = payloadLength switch { 126 => 2, 127 => 8, _ => 0 };
        length += extended + (masked ? 4 : 0);
        if (bytes.Length < length)
        {
            return false;
        }

        if (extended == 2)
        {
            payloadLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        }
        else if (extended == 8)
        {
            payloadLength = BinaryPrimitives.ReadInt64BigEndian(bytes[2..]);
        }

        // The key's first byte masks the payload's first byte: read little-endian, the low byte comes first.
        var mask = masked ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[(2 + extended)..]) : 0;
        header = new FrameHeader((bytes[0] & 0x80) != 0, (byte)((bytes[0] >> 4) & 0x7), (byte)(bytes[0] & 0x0F), masked, payloadLength, mask);
        return true;
    }
}

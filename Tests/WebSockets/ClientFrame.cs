using System.Buffers.Binary;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>Frames as a client sends them (RFC 6455 §5.2), built byte by byte, rule-breaking ones included.</summary>
internal static class ClientFrame
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    public static byte[] Build(byte opcode, ReadOnlySpan<byte> payload, bool fin = true, bool masked = true, byte reserved = 0, byte[]? key = null)
    {
        key ??= [0x37, 0xFA, 0x21, 0x3D];
        var extended = payload.Length < 126 ? 0 : payload.Length <= ushort.MaxValue ? 2 : 8;
        var head = 2 + extended + (masked ? 4 : 0);
        var frame = new byte[head + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | (reserved << 4) | opcode);
        frame[1] = (byte)((masked ? 0x80 : 0) | (extended switch { 0 => payload.Length, 2 => 126, _ => 127 }));
        if (extended == 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }
        else if (extended == 8)
        {
            BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
        }

        if (masked)
        {
            key.CopyTo(frame.AsSpan(2 + extended));
        }

        for (var i = 0; i < payload.Length; i++)
        {
            frame[head + i] = (byte)(payload[i] ^ (masked ? key[i % 4] : 0));
        }

        return frame;
    }

    public static byte[] CloseWith(ushort status, ReadOnlySpan<byte> reason = default)
    {
        var payload = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, status);
        reason.CopyTo(payload.AsSpan(2));
        return Build(Close, payload);
    }

    /// <summary>A frame head that announces a payload of <paramref name="length"/> bytes, without the payload.</summary>
    public static byte[] HeadOnly(byte opcode, long length, bool fin = true)
    {
        var frame = new byte[2 + 8 + 4];
        frame[0] = (byte)((fin ? 0x80 : 0) | opcode);
        frame[1] = 0x80 | 127;
        BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(2), length);
        return frame;
    }

    /// <summary><paramref name="count"/> copies of <paramref name="frame"/> back to back, for a flood sent with few writes.</summary>
    public static byte[] Repeated(byte[] frame, int count)
    {
        var frames = new byte[frame.Length * count];
        for (var i = 0; i < count; i++)
        {
            frame.CopyTo(frames, i * frame.Length);
        }

        return frames;
    }
}

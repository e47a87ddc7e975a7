using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// A frame of the WebSocket protocol itself (close, ping, pong), complete with its header, waiting in the
/// connection's queue behind the messages queued before it. Its sender learns when it has been flushed.
/// </summary>
internal sealed class ControlFrame
{
    /// <summary>RFC 6455 §5.5: a control frame's payload fits the 7-bit length.</summary>
    public const int MaxPayloadLength = 125;

    private const int MaxReasonLength = MaxPayloadLength - sizeof(ushort);

    // Only a close is waited for; a ping or pong is sent and forgotten, and a failure of it unobserved.
    private readonly TaskCompletionSource? _written;

    private ControlFrame(byte opcode, ReadOnlySpan<byte> payload, ushort? status)
    {
        if (opcode == FrameHeader.Close)
        {
            _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var length = payload.Length + (status is null ? 0 : sizeof(ushort));
        Bytes = new byte[2 + length];
        Bytes[0] = (byte)(0x80 | opcode);
        Bytes[1] = (byte)length;
        var body = Bytes.AsSpan(2);
        if (status is { } code)
        {
            BinaryPrimitives.WriteUInt16BigEndian(body, code);
            body = body[sizeof(ushort)..];
        }

        payload.CopyTo(body);
        Opcode = opcode;
    }

    public byte[] Bytes { get; private set; }

    public byte Opcode { get; }

    public bool IsClose => Opcode == FrameHeader.Close;

    /// <summary>Completes once the frame has been flushed (or fails when it cannot be); a ping or pong completes at once.</summary>
    public Task Written => _written?.Task ?? Task.CompletedTask;

    /// <summary>A close frame with its status and a reason cut to what fits, at a character boundary.</summary>
    public static ControlFrame Close(WebSocketCloseStatus status, string? reason)
    {
        Span<byte> text = stackalloc byte[MaxReasonLength];
        var length = 0;
        if (!string.IsNullOrEmpty(reason))
        {
            var chars = reason.Length;
            while (Encoding.UTF8.GetByteCount(reason.AsSpan(0, chars)) > MaxReasonLength)
            {
                chars--;
            }

            if (chars > 0 && char.IsHighSurrogate(reason[chars - 1]))
            {
                chars--;
            }

            length = Encoding.UTF8.GetBytes(reason.AsSpan(0, chars), text);
        }

        return new ControlFrame(FrameHeader.Close, text[..length], (ushort)status);
    }

    public static ControlFrame Ping(ReadOnlySpan<byte> payload) => new(FrameHeader.Ping, payload, null);

    public static ControlFrame Pong(ReadOnlySpan<byte> payload) => new(FrameHeader.Pong, payload, null);

    /// <summary>Sends <paramref name="newer"/>'s bytes instead: a pong still waiting answers the latest ping. Only under the queue's lock, while unsent.</summary>
    public void TakeBytesOf(ControlFrame newer) => Bytes = newer.Bytes;

    public void SetWritten() => _written?.TrySetResult();

    public void SetFailed(Exception exception) => _written?.TrySetException(exception);
}

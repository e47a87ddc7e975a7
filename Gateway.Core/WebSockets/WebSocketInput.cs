using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text.Unicode;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.WebSockets.Compression;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// The client's side of a WebSocket, read straight from the connection's pipe: frames are unmasked into
/// one pooled buffer per message, pings are answered through <see cref="WebSocketOutput"/>, and what breaks
/// RFC 6455 is reported rather than thrown. The caller owns the read loop (one state machine per
/// connection) and hands each read's bytes to <see cref="Read"/>. When permessage-deflate was agreed, a
/// message whose first frame has RSV1 set is inflated once it is whole (RFC 7692 §6).
/// </summary>
internal sealed class WebSocketInput
{
    private const int SmallestBuffer = 256;

    /// <summary>RSV1, as <see cref="FrameHeader.Reserved"/> holds it: permessage-deflate's "compressed" bit.</summary>
    private const byte Compressed = 0x4;

    private readonly WebSocketOutput _output;
    private readonly int _maxMessageBytes;
    private readonly bool _ownsReader;
    private readonly MessageInflater? _inflater;

    // The data frame being read.
    private bool _inFrame;
    private bool _frameFin;
    private long _frameRemaining;
    private uint _mask;
    private int _maskOffset;

    // The message being put together from its frames.
    private byte _messageOpcode;
    private bool _messageCompressed;
    private byte[]? _buffer;
    private int _count;
    private bool _discarding;
    private long _messageStarted;

    /// <param name="reader">Where the client's bytes come from; nothing else may read it.</param>
    /// <param name="ownsReader">Whether to complete <paramref name="reader"/> at the end (one made over a stream), or leave it to the server.</param>
    /// <param name="output">Where pongs go.</param>
    /// <param name="maxMessageBytes">A message longer than this, compressed or inflated, is <see cref="InputEvent.TooBig"/>.</param>
    /// <param name="inflater">Inflates compressed messages when permessage-deflate was agreed; null refuses RSV1.</param>
    public WebSocketInput(PipeReader reader, bool ownsReader, WebSocketOutput output, int maxMessageBytes, MessageInflater? inflater = null)
    {
        _inflater = inflater;
        Reader = reader;
        _ownsReader = ownsReader;
        _output = output;
        _maxMessageBytes = maxMessageBytes;
    }

    public PipeReader Reader { get; }

    /// <summary>Set by every frame that arrives; the keep-alive clears it when it pings, and reads it later.</summary>
    public bool Heard { get; set; }

    /// <summary>When the message being read began (<see cref="Environment.TickCount64"/>); 0 while none is.</summary>
    public long MessageStarted => Volatile.Read(ref _messageStarted);

    /// <summary>
    /// The bytes the message being read holds a buffer of: an internal seam, the one way to see from outside
    /// that memory follows the bytes that arrived, not the length a frame announces (ARCHITECTURE.md, "Bounds").
    /// </summary>
    internal int ReservedBytes => _buffer?.Length ?? 0;

    public WebSocketCloseStatus FailureStatus { get; private set; }

    public string? Failure { get; private set; }

    /// <summary>
    /// Uses as much of <paramref name="buffer"/> as it can and stops at the first thing to report, leaving
    /// <paramref name="buffer"/> at what is left. A control frame is only read once it is all there.
    /// </summary>
    public InputEvent Read(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            if (_inFrame)
            {
                if (_frameRemaining > 0)
                {
                    var take = (int)Math.Min(Math.Min(_frameRemaining, buffer.Length), int.MaxValue);
                    if (take == 0)
                    {
                        return InputEvent.NeedMore;
                    }

                    if (!_discarding)
                    {
                        Reserve(take);
                        CopyUnmasked(buffer.Slice(0, take));
                    }

                    buffer = buffer.Slice(take);
                    _frameRemaining -= take;
                    if (_frameRemaining > 0)
                    {
                        return InputEvent.NeedMore;
                    }
                }

                _inFrame = false;
                if (_frameFin)
                {
                    var opcode = _messageOpcode;
                    var compressed = _messageCompressed;
                    _messageOpcode = 0;
                    _messageCompressed = false;
                    Volatile.Write(ref _messageStarted, 0);
                    if (!_discarding)
                    {
                        // A binary message is inflated too, only to be refused: under context takeover the
                        // messages after it may refer back to it.
                        if (compressed && Inflate() is { } failed)
                        {
                            return failed;
                        }

                        if (opcode == FrameHeader.Text)
                        {
                            // An empty message had no bytes to make room for.
                            Reserve(0);
                            return InputEvent.Text;
                        }

                        ReturnBuffer();
                        return InputEvent.Binary;
                    }
                }

                continue;
            }

            if (!FrameHeader.TryRead(buffer, out var header, out var headerLength))
            {
                return InputEvent.NeedMore;
            }

            if (header.Reserved != 0)
            {
                if (_inflater is null)
                {
                    return Fail(WebSocketCloseStatus.ProtocolError, "Reserved bits are set, and no extension was agreed.");
                }

                if (header.Reserved != Compressed)
                {
                    return Fail(WebSocketCloseStatus.ProtocolError, "RSV2 or RSV3 is set, and no extension agreed defines them.");
                }

                if (header.IsControl || header.Opcode == FrameHeader.Continuation)
                {
                    return Fail(WebSocketCloseStatus.ProtocolError, "RSV1 (compressed) may be set only on a data message's first frame.");
                }
            }

            if (!header.Masked)
            {
                return Fail(WebSocketCloseStatus.ProtocolError, "A client's frames must be masked.");
            }

            if (header.PayloadLength < 0)
            {
                return Fail(WebSocketCloseStatus.ProtocolError, "The frame's length has its top bit set.");
            }

            Heard = true;
            if (header.IsControl)
            {
                if (ReadControl(ref buffer, header, headerLength) is { } reported)
                {
                    return reported;
                }

                continue;
            }

            switch (header.Opcode)
            {
                case FrameHeader.Continuation when _messageOpcode == 0:
                    return Fail(WebSocketCloseStatus.ProtocolError, "A continuation frame came without a message to continue.");
                case FrameHeader.Text or FrameHeader.Binary when _messageOpcode != 0:
                    return Fail(WebSocketCloseStatus.ProtocolError, "A new message began before the last one ended.");
                case FrameHeader.Text or FrameHeader.Binary:
                    _messageOpcode = header.Opcode;
                    _messageCompressed = header.Reserved == Compressed;
                    _count = 0;
                    Volatile.Write(ref _messageStarted, Environment.TickCount64);
                    break;
                case not FrameHeader.Continuation:
                    return Fail(WebSocketCloseStatus.ProtocolError, $"Opcode {header.Opcode} is not defined.");
            }

            buffer = buffer.Slice(headerLength);
            _inFrame = true;
            _frameFin = header.Fin;
            _frameRemaining = header.PayloadLength;
            _mask = header.Mask;
            _maskOffset = 0;
            if (_discarding)
            {
                continue;
            }

            if (header.PayloadLength > _maxMessageBytes - _count)
            {
                // The rest of the message is skipped, and so is everything after it: a close is on its way.
                _discarding = true;
                ReturnBuffer();
                return InputEvent.TooBig;
            }

            // Nothing is reserved for the payload yet: only for its bytes, as they arrive.
        }
    }

    /// <summary>
    /// Swaps the compressed message for what it inflates to. What it inflates to is checked against the
    /// limit as it comes, so a message that inflates to a great deal is stopped at the limit.
    /// </summary>
    /// <returns>Null when the message was inflated; otherwise what to report.</returns>
    private InputEvent? Inflate()
    {
        var result = _inflater!.Inflate(_buffer.AsMemory(0, _count), _maxMessageBytes, out var inflated, out var length);
        ReturnBuffer();
        switch (result)
        {
            case InflateResult.Inflated:
                _buffer = inflated;
                _count = length;
                return null;
            case InflateResult.TooBig:
                _discarding = true;
                return InputEvent.TooBig;
            default:
                return Fail(WebSocketCloseStatus.InvalidPayloadData, "A compressed message could not be inflated.");
        }
    }

    /// <summary>The text message <see cref="Read"/> reported, handed over with its buffer.</summary>
    public RequestMessage TakeMessage()
    {
        var message = RequestMessage.Rent(_buffer!, _count);
        _buffer = null;
        _count = 0;
        return message;
    }

    /// <summary>Lets go of a half-read message's buffer, and of the reader when it was made for this connection.</summary>
    public async ValueTask CompleteAsync()
    {
        ReturnBuffer();
        _inflater?.Dispose();
        if (_ownsReader)
        {
            await Reader.CompleteAsync();
        }
    }

    /// <summary>
    /// Makes room for bytes that have arrived, never for bytes a header merely announced: a client that
    /// announces a large frame and sends a few bytes holds a small buffer. The buffer doubles as bytes
    /// come (a message is copied a logarithmic number of times), up to what the last frame still
    /// announces, so a message in one frame that arrives at once gets a buffer of exactly its size.
    /// </summary>
    private void Reserve(int arriving)
    {
        var needed = _count + arriving;
        if (_buffer is not null && _buffer.Length >= needed)
        {
            return;
        }

        // _frameRemaining still counts the arriving bytes; the last frame's end is where the message ends.
        long end = _frameFin ? _count + _frameRemaining : _maxMessageBytes;
        var size = (int)Math.Max(needed, Math.Min(Math.Max((long)(_buffer?.Length ?? 0) * 2, SmallestBuffer), end));
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        if (_buffer is not null)
        {
            _buffer.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }

    private void CopyUnmasked(ReadOnlySequence<byte> piece)
    {
        var destination = _buffer.AsSpan(_count, (int)piece.Length);
        piece.CopyTo(destination);
        _maskOffset = Masking.Unmask(destination, _mask, _maskOffset);
        _count += destination.Length;
    }

    /// <returns>Null when the frame was dealt with; <see cref="InputEvent.NeedMore"/> when it is not all there yet.</returns>
    private InputEvent? ReadControl(ref ReadOnlySequence<byte> buffer, in FrameHeader header, int headerLength)
    {
        if (!header.Fin || header.PayloadLength > ControlFrame.MaxPayloadLength)
        {
            return Fail(WebSocketCloseStatus.ProtocolError, "A control frame must be whole and at most 125 bytes.");
        }

        if (buffer.Length < headerLength + header.PayloadLength)
        {
            return InputEvent.NeedMore;
        }

        Span<byte> payload = stackalloc byte[ControlFrame.MaxPayloadLength];
        payload = payload[..(int)header.PayloadLength];
        buffer.Slice(headerLength, payload.Length).CopyTo(payload);
        Masking.Unmask(payload, header.Mask, 0);
        buffer = buffer.Slice(headerLength + payload.Length);
        switch (header.Opcode)
        {
            case FrameHeader.Ping:
                _ = _output.WriteControlFrameAsync(ControlFrame.Pong(payload));
                return null;
            case FrameHeader.Pong:
                return null;
            case FrameHeader.Close:
                return ReadClose(payload);
            default:
                return Fail(WebSocketCloseStatus.ProtocolError, $"Opcode {header.Opcode} is not defined.");
        }
    }

    private InputEvent ReadClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0)
        {
            return InputEvent.Close;
        }

        if (payload.Length == 1)
        {
            return Fail(WebSocketCloseStatus.ProtocolError, "A close frame's status needs two bytes.");
        }

        var status = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!IsValidStatus(status))
        {
            return Fail(WebSocketCloseStatus.ProtocolError, $"Close status {status} may not be sent.");
        }

        if (!Utf8.IsValid(payload[sizeof(ushort)..]))
        {
            return Fail(WebSocketCloseStatus.InvalidPayloadData, "A close frame's reason must be UTF-8.");
        }

        return InputEvent.Close;
    }

    /// <summary>RFC 6455 §7.4: the defined codes a peer may send, and the ranges for libraries and applications.</summary>
    private static bool IsValidStatus(int status) =>
        status is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    private InputEvent Fail(WebSocketCloseStatus status, string reason)
    {
        FailureStatus = status;
        Failure = reason;
        ReturnBuffer();
        return InputEvent.ProtocolError;
    }

    private void ReturnBuffer()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _count = 0;
    }
}

using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// The load generator's WebSocket client: RFC 6455 straight over a socket. One system call takes every
/// frame already received, and they are handed out one message at a time from the same buffer with no
/// further await, copy or cancellation registration. <see cref="ClientWebSocket"/> spends more of the
/// shared CPU on a message than the server does (its stream layers, its receive lock and a cancellation
/// registration per call), which made the load generator, not the server, set the pace of the fan-out.
/// One receiver and one sender at a time, which may run side by side; the receiver answers pings.
/// </summary>
internal sealed class LoadWebSocket : IDisposable
{
    private const byte Final = 0x80;

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private byte[] _sendBuffer = new byte[256];
    private byte[] _receiveBuffer;
    private int _start;
    private int _end;

    // A message that came in several frames, put together here.
    private byte[]? _message;
    private int _messageLength;

    /// <param name="socket">Connected, with the upgrade done.</param>
    /// <param name="receiveBuffer">Holds what came after the upgrade's answer: <paramref name="received"/> bytes of frames.</param>
    public LoadWebSocket(Socket socket, byte[] receiveBuffer, int received)
    {
        _socket = socket;
        _receiveBuffer = receiveBuffer;
        _end = received;
    }

    /// <summary>The close status the server sent, once it has.</summary>
    public WebSocketCloseStatus? CloseStatus { get; private set; }

    /// <summary>Sends one text message.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> text, CancellationToken cancellationToken = default) =>
        SendFrameAsync(WebSocketOpcode.Text, text, cancellationToken);

    /// <summary>The next whole data message; what it returns is valid until the next call.</summary>
    /// <exception cref="WebSocketException">The server closed the connection.</exception>
    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (!TryTakeFrame(out var opcode, out var final, out var payloadStart, out var payloadLength, out var needed))
            {
                await FillAsync(needed, cancellationToken);
                continue;
            }

            var payload = _receiveBuffer.AsMemory(payloadStart, payloadLength);
            switch (opcode)
            {
                case WebSocketOpcode.Text or WebSocketOpcode.Binary when final:
                    return payload;
                case WebSocketOpcode.Text or WebSocketOpcode.Binary:
                    _messageLength = 0;
                    AppendToMessage(payload.Span);
                    break;
                case WebSocketOpcode.Continuation:
                    AppendToMessage(payload.Span);
                    if (final)
                    {
                        return _message.AsMemory(0, _messageLength);
                    }

                    break;
                case WebSocketOpcode.Ping:
                    // The receive buffer stays put until this returns: only this loop moves it.
                    await SendFrameAsync(WebSocketOpcode.Pong, payload, cancellationToken);
                    break;
                case WebSocketOpcode.Close:
                    CloseStatus = payloadLength >= 2 ? (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload.Span) : WebSocketCloseStatus.Empty;
                    var reason = payloadLength > 2 ? System.Text.Encoding.UTF8.GetString(payload.Span[2..]) : string.Empty;
                    throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"The server closed the connection: {(int)CloseStatus} {reason}");
                default:
                    // Pong, or an opcode this client never asked for: nothing to do.
                    break;
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private async ValueTask SendFrameAsync(WebSocketOpcode opcode, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!_sendLock.Wait(0))
        {
            await _sendLock.WaitAsync(cancellationToken);
        }

        try
        {
            var length = WriteMaskedFrame(opcode, payload.Span);
            for (var sent = 0; sent < length;)
            {
                sent += await _socket.SendAsync(_sendBuffer.AsMemory(sent, length - sent), SocketFlags.None, cancellationToken);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <returns>The frame's length in <see cref="_sendBuffer"/>.</returns>
    private int WriteMaskedFrame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload)
    {
        var header = payload.Length < 126 ? 2 : payload.Length <= ushort.MaxValue ? 4 : 10;
        var length = header + 4 + payload.Length;
        if (_sendBuffer.Length < length)
        {
            _sendBuffer = new byte[Math.Max(length, _sendBuffer.Length * 2)];
        }

        var frame = _sendBuffer.AsSpan(0, length);
        frame[0] = (byte)(Final | (byte)opcode);
        const byte masked = 0x80;
        if (header == 2)
        {
            frame[1] = (byte)(masked | payload.Length);
        }
        else if (header == 4)
        {
            frame[1] = masked | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame[2..], (ushort)payload.Length);
        }
        else
        {
            frame[1] = masked | 127;
            BinaryPrimitives.WriteUInt64BigEndian(frame[2..], (ulong)payload.Length);
        }

        // Clients must mask what they send (RFC 6455 §5.3).
        var key = frame.Slice(header, 4);
        BinaryPrimitives.WriteInt32LittleEndian(key, Random.Shared.Next());
        var body = frame[(header + 4)..];
        for (var i = 0; i < payload.Length; i++)
        {
            body[i] = (byte)(payload[i] ^ key[i & 3]);
        }

        return length;
    }

    /// <param name="needed">When no whole frame is in hand: how many bytes from <see cref="_start"/> the frame needs, as far as known.</param>
    private bool TryTakeFrame(out WebSocketOpcode opcode, out bool final, out int payloadStart, out int payloadLength, out int needed)
    {
        opcode = default;
        final = false;
        payloadStart = payloadLength = 0;
        var available = _receiveBuffer.AsSpan(_start, _end - _start);
        needed = 2;
        if (available.Length < 2)
        {
            return false;
        }

        if ((available[1] & 0x80) != 0)
        {
            throw new WebSocketException(WebSocketError.HeaderError, "The server masked a frame (RFC 6455 §5.1 forbids it).");
        }

        var length = (long)(available[1] & 0x7f);
        var header = length switch { 126 => 4, 127 => 10, _ => 2 };
        needed = header;
        if (available.Length < header)
        {
            return false;
        }

        length = header switch
        {
            4 => BinaryPrimitives.ReadUInt16BigEndian(available[2..]),
            10 => (long)BinaryPrimitives.ReadUInt64BigEndian(available[2..]),
            _ => length,
        };
        if (length > Array.MaxLength - header)
        {
            throw new WebSocketException(WebSocketError.HeaderError, $"A frame of {length} bytes is more than this client takes.");
        }

        needed = header + (int)length;
        if (available.Length < needed)
        {
            return false;
        }

        opcode = (WebSocketOpcode)(available[0] & 0x0f);
        final = (available[0] & Final) != 0;
        payloadStart = _start + header;
        payloadLength = (int)length;
        _start += needed;
        return true;
    }

    private async ValueTask FillAsync(int needed, CancellationToken cancellationToken)
    {
        var held = _end - _start;
        if (held == 0)
        {
            _start = _end = 0;
        }
        else if (_receiveBuffer.Length - _start < needed || _end == _receiveBuffer.Length)
        {
            // Move the partial frame to the front, and make room for all of it.
            var buffer = needed > _receiveBuffer.Length ? new byte[Math.Max(needed, _receiveBuffer.Length * 2)] : _receiveBuffer;
            _receiveBuffer.AsSpan(_start, held).CopyTo(buffer);
            _receiveBuffer = buffer;
            _start = 0;
            _end = held;
        }

        var received = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (received == 0)
        {
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The server ended the connection without a close frame.");
        }

        _end += received;
    }

    private void AppendToMessage(ReadOnlySpan<byte> fragment)
    {
        var size = _messageLength + fragment.Length;
        if (_message is null || _message.Length < size)
        {
            Array.Resize(ref _message, Math.Max(size, (_message?.Length ?? 256) * 2));
        }

        fragment.CopyTo(_message.AsSpan(_messageLength));
        _messageLength = size;
    }
}

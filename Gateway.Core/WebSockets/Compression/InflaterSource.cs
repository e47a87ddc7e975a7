namespace OrleansRpc.Gateway.WebSockets.Compression;

/// <summary>
/// What a <see cref="System.IO.Compression.DeflateStream"/> inflates from: one compressed message, then
/// the four bytes its sender took off its end (RFC 7692 §7.2.2), then nothing until the next message.
/// Running dry is not the end of the stream, so one inflater can read message after message and keep its
/// window between them.
/// </summary>
internal sealed class InflaterSource : Stream
{
    private static readonly byte[] s_tail = [0x00, 0x00, 0xFF, 0xFF];

    private ReadOnlyMemory<byte> _message;
    private int _tailRead;

    /// <summary>
    /// Whether the inflater asked for bytes once the message and its tail were all read. It does whenever it
    /// runs dry; it does not once its DEFLATE stream has ended (a block with BFINAL set), so this tells the two apart.
    /// </summary>
    public bool AskedAfterEnd { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>The next message; the bytes must stay as they are until it is inflated.</summary>
    public void Start(ReadOnlyMemory<byte> message)
    {
        _message = message;
        _tailRead = 0;
        AskedAfterEnd = false;
    }

    public override int Read(Span<byte> buffer)
    {
        if (!_message.IsEmpty)
        {
            var take = Math.Min(buffer.Length, _message.Length);
            _message.Span[..take].CopyTo(buffer);
            _message = _message[take..];
            return take;
        }

        if (_tailRead < s_tail.Length)
        {
            var take = Math.Min(buffer.Length, s_tail.Length - _tailRead);
            s_tail.AsSpan(_tailRead, take).CopyTo(buffer);
            _tailRead += take;
            return take;
        }

        AskedAfterEnd = true;
        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

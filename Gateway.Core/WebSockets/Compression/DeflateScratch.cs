using System.Buffers;

namespace OrleansRpc.Gateway.WebSockets.Compression;

/// <summary>
/// Where a <see cref="System.IO.Compression.DeflateStream"/> writes one message, reused by every message
/// a thread compresses. Its buffer comes from the shared pool and goes back after a large message, so a
/// thread keeps no more than a typical message's room.
/// </summary>
internal sealed class DeflateScratch : Stream
{
    private const int KeptBytes = 64 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _count;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _count);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _count;

    public override long Position
    {
        get => _count;
        set => throw new NotSupportedException();
    }

    /// <summary>Empties it for the next message, giving back a buffer a large one grew.</summary>
    public void Reset()
    {
        _count = 0;
        if (_buffer.Length > KeptBytes)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(4096);
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_buffer.Length - _count < buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _count + buffer.Length));
            _buffer.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        buffer.CopyTo(_buffer.AsSpan(_count));
        _count += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

using System.Buffers;

namespace OrleansRpc.Gateway.Buffers;

/// <summary>An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool; dispose to return them.</summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    /// <summary>
    /// Buffers larger than this are allocated and left to the GC rather than rented: the shared pool keeps
    /// up to 32 arrays of each size per core for the life of the process, and a burst of large answers
    /// would leave hundreds of megabytes in it (ARCHITECTURE.md, "Bounds").
    /// </summary>
    public const int MaxPooledBytes = 1024 * 1024;

    private static readonly ReusePool<PooledBufferWriter> s_pool = new();

    private readonly bool _reusable;
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity = 256)
    {
        _buffer = Take(initialCapacity);
    }

    private PooledBufferWriter()
    {
        _buffer = [];
        _reusable = true;
    }

    /// <summary>
    /// A writer that goes back to a pool when disposed, so that an answer costs no allocation. Only for
    /// writers with one owner at a time, disposed exactly once, and not touched after that.
    /// </summary>
    public static PooledBufferWriter Rent(int initialCapacity = 256)
    {
        var writer = s_pool.TryTake() ?? new PooledBufferWriter();
        writer._buffer = Take(initialCapacity);
        return writer;
    }

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public int WrittenCount => _written;

    /// <summary>
    /// The most bytes this writer may hold: a write past it throws <see cref="WriteLimitExceededException"/>
    /// before a larger buffer is rented, so an answer that is too large never takes its whole size.
    /// </summary>
    public int Limit { get; set; } = int.MaxValue;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        _written += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        _written++;
    }

    /// <summary>Forgets everything written after <paramref name="length"/> bytes, keeping the buffer.</summary>
    public void Truncate(int length) => _written = Math.Min(_written, length);

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        Limit = int.MaxValue;
        if (buffer.Length > 0)
        {
            Give(buffer);

            // Only the first Dispose gets here: a second one finds the buffer gone and cannot hand the
            // writer to the pool twice.
            if (_reusable)
            {
                s_pool.Return(this);
            }
        }
    }

    private void Ensure(int sizeHint)
    {
        var needed = (long)_written + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > Limit)
        {
            throw new WriteLimitExceededException(Limit);
        }

        var larger = Take((int)Math.Max(needed, Math.Min((long)_buffer.Length * 2, Limit)));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        Give(_buffer);
        _buffer = larger;
    }

    private static byte[] Take(int size) =>
        size > MaxPooledBytes ? GC.AllocateUninitializedArray<byte>(size) : ArrayPool<byte>.Shared.Rent(size);

    private static void Give(byte[] buffer)
    {
        // Only the pool's own sizes, all of them at most MaxPooledBytes, go back to it.
        if (buffer.Length <= MaxPooledBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

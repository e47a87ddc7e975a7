using System.Buffers;

namespace OrleansRpc.Gateway.Buffers;

/// <summary>
/// One received frame or body in a pooled array. It lives until the last answer that echoes an id from
/// it has been written, because ids are echoed straight from these bytes.
/// </summary>
public sealed class RequestMessage : IDisposable
{
    private static readonly ReusePool<RequestMessage> s_pool = new();

    private readonly bool _reusable;
    private byte[]? _buffer;

    /// <param name="buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; returned to it on dispose.</param>
    public RequestMessage(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    private RequestMessage()
    {
        _reusable = true;
    }

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>
    /// A message object from a pool, to which it goes back when disposed. Dispose it exactly once, when
    /// its last answer is out, and touch it no more.
    /// </summary>
    /// <param name="buffer">Rented from <see cref="ArrayPool{T}.Shared"/>; returned to it on dispose.</param>
    public static RequestMessage Rent(byte[] buffer, int length)
    {
        var message = s_pool.TryTake() ?? new RequestMessage();
        message._buffer = buffer;
        message.Length = length;
        return message;
    }

    public ReadOnlySpan<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (_reusable)
            {
                Length = 0;
                s_pool.Return(this);
            }
        }
    }
}

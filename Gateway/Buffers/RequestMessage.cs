using System.Buffers;

namespace OrleansRpc.Gateway.Buffers;

/// <summary>
/// One received frame or body in a pooled array. It lives until the last answer that echoes an id from
/// it has been written, because ids are echoed straight from these bytes.
/// </summary>
public sealed class RequestMessage(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public int Length { get; } = length;

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlySpan<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

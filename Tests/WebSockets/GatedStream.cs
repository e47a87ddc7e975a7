namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// Passes everything through to a real stream and counts the bytes and flushes that reach it; while <see cref="Hold"/>
/// is on, a write waits at the gate until <see cref="Release"/>, as it would for a client that reads slowly.
/// </summary>
internal sealed class GatedStream(Stream inner) : Stream
{
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _gate;
    private int _flushes;
    private volatile bool _failing;
    private long _bytes;

    public int Flushes => Volatile.Read(ref _flushes);

    public long BytesWritten => Interlocked.Read(ref _bytes);

    /// <summary>Completes when a write has reached the closed gate.</summary>
    public Task WriteHeld => _arrived.Task;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    /// <summary>Every write that reaches the gate from now on fails, as a write to a connection that has gone.</summary>
    public void FailFromNow() => _failing = true;

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_gate is { Task.IsCompleted: false } gate)
        {
            _arrived.TrySetResult();
            await gate.Task;
        }
        else if (_failing)
        {
            throw new IOException("The connection has gone (test).");
        }

        Interlocked.Add(ref _bytes, buffer.Length);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _flushes);
        return inner.FlushAsync(cancellationToken);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

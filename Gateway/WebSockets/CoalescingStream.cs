using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.Buffers;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// The upgraded connection under a server WebSocket, able to hold written frames back so that several go
/// out in one write. Every write of the WebSocket would otherwise be its own flush: its own trip through
/// the transport and, often, its own send system call. The connection's writer sets <see cref="Hold"/>
/// while more frames are queued right behind the one it sends; the first write made without it carries
/// everything held. Writes come one at a time (the WebSocket sends under its own lock), so the held bytes
/// need no lock; a control frame the WebSocket writes meanwhile (a pong) is held with the rest.
/// </summary>
internal sealed class CoalescingStream(Stream inner, HttpContext context) : Stream
{
    /// <summary>Past this many held bytes a write goes out anyway, so a burst cannot hold much memory.</summary>
    public const int MaxHeldBytes = 32 * 1024;

    private PooledBufferWriter? _held;

    /// <summary>Set by the only writer, under its send lock, before each send: more frames follow at once.</summary>
    public bool Hold { get; set; }

    /// <summary>The WebSocket over this stream, so that disposing it after an abort aborts the connection.</summary>
    public WebSocket? Owner { get; set; }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var held = _held;
        if (Hold && (held?.WrittenCount ?? 0) + buffer.Length <= MaxHeldBytes)
        {
            (_held ??= new PooledBufferWriter(MaxHeldBytes / 4)).Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        if (held is null)
        {
            return inner.WriteAsync(buffer, cancellationToken);
        }

        held.Write(buffer.Span);
        return WriteHeldAsync(held, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <summary>The WebSocket flushes after every frame; while frames are held, that flush waits for the last of them.</summary>
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (Hold)
        {
            return;
        }

        if (_held is { } held)
        {
            await WriteHeldAsync(held, cancellationToken);
        }

        await inner.FlushAsync(cancellationToken);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _held?.Dispose();
            _held = null;

            // An aborted WebSocket (keep-alive timeout, slow consumer) disposes its stream, which alone
            // would leave the connection open and a pending read waiting; a closed one must not lose the
            // close frame still on its way out.
            if (Owner?.State == WebSocketState.Aborted)
            {
                context.Abort();
            }

            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // The buffer goes back to the pool after each batch: an idle connection holds none.
    private async ValueTask WriteHeldAsync(PooledBufferWriter held, CancellationToken cancellationToken)
    {
        _held = null;
        try
        {
            await inner.WriteAsync(held.WrittenMemory, cancellationToken);
        }
        finally
        {
            held.Dispose();
        }
    }
}

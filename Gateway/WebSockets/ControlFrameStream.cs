using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// The stream a server WebSocket runs over: it reads the client's frames from the upgraded connection,
/// and what it writes (it only writes its own control frames, pong, ping and close, since messages are
/// framed by <see cref="WebSocketOutput"/>) joins the connection's outbound queue, behind the messages
/// queued before it.
/// </summary>
internal sealed class ControlFrameStream(Stream inner, WebSocketOutput output, HttpContext context) : Stream
{
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

    /// <summary>Each write is one whole frame: the WebSocket frames into its own buffer and writes it at once.</summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(output.WriteControlFrameAsync(buffer.Span, cancellationToken));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        output.WriteControlFrameAsync(buffer.AsSpan(offset, count), cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) =>
        output.WriteControlFrameAsync(buffer.AsSpan(offset, count), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>A write completes once its frame has been flushed, so there is nothing left to flush.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // An aborted WebSocket (keep-alive timeout, slow consumer) disposes its stream, which alone
            // would leave the connection open and a pending read waiting.
            if (Owner?.State == WebSocketState.Aborted)
            {
                context.Abort();
            }

            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

using System.Buffers;
using System.IO.Pipelines;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.WebSockets.Compression;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// Everything a WebSocket connection sends, in order: answers, notifications and the WebSocket's own
/// control frames go through one queue and are framed straight into the connection's output pipe. The
/// writer takes every frame waiting (up to <see cref="MaxBatchBytes"/>) and flushes once, so frames that
/// pile up while a flush is on its way leave together; a frame queued on an idle connection is written by
/// whoever queued it, without a thread hop. When the pipe pushes back (the client reads slowly), the
/// writer waits and frames queue up, bounded by the queue's capacity.
/// </summary>
internal sealed class WebSocketOutput
{
    /// <summary>Past this many bytes a batch is flushed, so one burst cannot grow the pipe without bound.</summary>
    public const int MaxBatchBytes = 64 * 1024;

    /// <summary>Frames the writer takes from the queue under one lock.</summary>
    private const int BatchFrames = 64;

    [ThreadStatic]
    private static OutboundFrame[]? t_batch;

    private readonly PipeWriter _writer;
    private readonly bool _ownsWriter;
    private readonly OutboundQueue _queue;
    private readonly InFlightSlots _answerSlots;
    private readonly MessageDeflater? _deflater;
    private bool _closeWritten;
    private long _flushWaitingSince;

    /// <param name="writer">The connection's output; nothing else may write to it while this output is in use.</param>
    /// <param name="ownsWriter">Whether to complete <paramref name="writer"/> at the end (one made over a stream), or leave it to the server.</param>
    /// <param name="capacity">How many notifications may wait.</param>
    /// <param name="answerSlots">Released once for every answer, when it has been written or dropped.</param>
    /// <param name="deflater">Compresses messages when permessage-deflate was agreed; null sends them as they are.</param>
    /// <param name="byteBudget">Bytes of answers and control frames that may wait before the connection should stop reading.</param>
    /// <param name="answerMemory">The node's budget for answers waiting for their sockets.</param>
    public WebSocketOutput(PipeWriter writer, bool ownsWriter, int capacity, InFlightSlots answerSlots, MessageDeflater? deflater = null, long byteBudget = long.MaxValue, AnswerMemory? answerMemory = null)
    {
        _deflater = deflater;
        _writer = writer;
        _ownsWriter = ownsWriter;
        _queue = new OutboundQueue(capacity, byteBudget, answerMemory);
        _answerSlots = answerSlots;
    }

    public int QueuedNotifications => _queue.Notifications;

    /// <summary>Bytes of answers and control frames waiting for the socket.</summary>
    public long WaitingBytes => _queue.WaitingBytes;

    /// <summary>Whether the connection has reached its byte budget and should not read (see <see cref="OutboundQueue"/>).</summary>
    public bool OverBudget => _queue.OverBudget;

    /// <summary>Completes once the connection may read again.</summary>
    public Task WhenUnderBudget() => _queue.WhenUnderBudget();

    /// <summary>
    /// Since when (<see cref="Environment.TickCount64"/>) the writer has waited for the client to take what
    /// was flushed; 0 while it is not waiting. A write that waits past the write timeout means a client
    /// that does not read.
    /// </summary>
    public long FlushWaitingSince => Volatile.Read(ref _flushWaitingSince);

    /// <summary>Queues a frame and, if no writer is running, writes it at once on the calling thread.</summary>
    public EnqueueResult Enqueue(in OutboundFrame frame, bool dropOldest, out bool dropped)
    {
        var startWriter = false;
        var result = EnqueueWithoutWriting(frame, dropOldest, out dropped, ref startWriter);
        if (startWriter)
        {
            StartWriter();
        }

        return result;
    }

    /// <summary>
    /// Queues a frame but leaves the writing to the caller, who queues more and then calls
    /// <see cref="StartWriter"/> if <paramref name="startWriter"/> was set: frames queued together then
    /// leave in one flush.
    /// </summary>
    public EnqueueResult EnqueueWithoutWriting(in OutboundFrame frame, bool dropOldest, out bool dropped, ref bool startWriter)
    {
        var result = _queue.Enqueue(frame, dropOldest, out var becameWriter, out var droppedFrame);
        dropped = droppedFrame is not null;
        startWriter |= becameWriter;
        if (result != EnqueueResult.Queued)
        {
            Release(frame, new IOException("The WebSocket connection is closing."));
        }

        return result;
    }

    /// <summary>Runs the writer, whose role <see cref="EnqueueWithoutWriting"/> handed to the caller.</summary>
    public void StartWriter() => _ = WriteLoopAsync();

    /// <summary>A frame of the WebSocket's own, sent after everything queued before it; completes once flushed.</summary>
    public Task WriteControlFrameAsync(ControlFrame control)
    {
        Enqueue(OutboundFrame.ForControl(control), dropOldest: false, out _);
        return control.Written;
    }

    /// <summary>Drops waiting answers and notifications and refuses new ones; control frames still go out.</summary>
    public void CloseData()
    {
        foreach (var frame in _queue.CloseData())
        {
            Release(frame, null);
        }
    }

    /// <summary>
    /// Refuses everything, drops what still waits, and returns once no writer is running (or
    /// <paramref name="deadline"/> passed), so the server may take the connection's output back.
    /// </summary>
    /// <returns>False when a writer was still waiting for the client at the deadline.</returns>
    public async Task<bool> CompleteAsync(TimeSpan deadline)
    {
        var gone = new IOException("The WebSocket connection has ended.");
        var remaining = _queue.Seal(out var writerGone);
        foreach (var frame in remaining)
        {
            Release(frame, gone);
        }

        var stopped = writerGone.IsCompleted || await Task.WhenAny(writerGone, Task.Delay(deadline)) == writerGone;
        if (stopped)
        {
            await CompleteWriterAsync();
        }

        return stopped;
    }

    /// <summary>After <see cref="CompleteAsync"/> timed out and the connection was aborted: waits for the writer to notice.</summary>
    public async Task WhenWriterGoneAsync()
    {
        _queue.Seal(out var writerGone);
        await writerGone;
        await CompleteWriterAsync();
    }

    private async Task CompleteWriterAsync()
    {
        if (!_ownsWriter)
        {
            return;
        }

        try
        {
            // A writer over a stream flushes what it still holds on completing, which fails the same way
            // once the transport has gone.
            await _writer.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Nothing left can be sent; the connection's end goes on regardless.
        }
    }

    /// <summary>The connection's turn at being opened, while it holds one; set before anything is written.</summary>
    public ConnectionOpening? Opening { get; set; }

    /// <summary>The connection is open: its first answer is written, or its first messages needed none.</summary>
    public void EndOpening()
    {
        if (Opening is { } opening)
        {
            // Ending twice (the writer and a call's completion at once) is nothing: End is once only.
            Opening = null;
            opening.End();
        }
    }

    private async Task WriteLoopAsync()
    {
        List<ControlFrame>? controls = null;
        while (true)
        {
            var answers = 0;
            var written = 0;
            var took = false;
            try
            {
                while (written < MaxBatchBytes)
                {
                    // Taken and written without an await in between, so one array per thread serves every connection.
                    var batch = t_batch ??= new OutboundFrame[BatchFrames];
                    var count = _queue.TakeBatch(batch, MaxBatchBytes - written, stopIfEmpty: !took);
                    if (count == 0)
                    {
                        break;
                    }

                    took = true;
                    written += WriteBatch(batch.AsSpan(0, count), ref answers, ref controls);
                }

                if (!took)
                {
                    // The queue was empty after the last flush, and the writer role is given up.
                    return;
                }

                if (written > 0)
                {
                    var flush = _writer.FlushAsync();
                    FlushResult result;
                    if (flush.IsCompletedSuccessfully)
                    {
                        result = flush.Result;
                    }
                    else
                    {
                        Volatile.Write(ref _flushWaitingSince, Environment.TickCount64);
                        try
                        {
                            result = await flush;
                        }
                        finally
                        {
                            Volatile.Write(ref _flushWaitingSince, 0);
                        }
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        throw new IOException("The client's connection has gone.");
                    }
                }

                Written(answers, controls, null);
            }
            catch (Exception ex)
            {
                // The transport is gone (or was never ours to finish): nothing queued can be sent any more.
                Written(answers, controls, ex);
                foreach (var frame in _queue.Seal(out _))
                {
                    Release(frame, ex);
                }

                _queue.StopWriting();
                return;
            }
        }
    }

    /// <returns>The bytes written to the pipe.</returns>
    private int WriteBatch(Span<OutboundFrame> batch, ref int answers, ref List<ControlFrame>? controls)
    {
        // Counted before the writes, so that a write that throws still settles every frame taken.
        foreach (ref readonly var frame in batch)
        {
            if (frame.Answer is not null)
            {
                answers++;
            }
            else if (frame.Control is { } control)
            {
                (controls ??= []).Add(control);
            }
        }

        var written = 0;
        var i = 0;
        try
        {
            for (; i < batch.Length; i++)
            {
                written += Write(batch[i]);
            }
        }
        catch
        {
            // Write gave back the failed frame's answer; those behind it were never written.
            for (i++; i < batch.Length; i++)
            {
                batch[i].Answer?.Dispose();
            }

            throw;
        }
        finally
        {
            // The thread's array keeps no answer or notification alive.
            batch.Clear();
        }

        return written;
    }

    /// <returns>The bytes written to the pipe.</returns>
    private int Write(in OutboundFrame frame)
    {
        if (frame.Control is { } control)
        {
            if (_closeWritten)
            {
                return 0;
            }

            _writer.Write(control.Bytes);
            _closeWritten = control.IsClose;
            return control.Bytes.Length;
        }

        try
        {
            // Nothing may follow a close frame (RFC 6455 §5.5.1): what comes after it is dropped.
            return _closeWritten ? 0 : WriteMessage(frame);
        }
        finally
        {
            frame.Answer?.Dispose();
        }
    }

    private int WriteMessage(in OutboundFrame frame)
    {
        var payload = frame.Payload;
        if (_deflater is not null && _deflater.Wants(payload.Length))
        {
            var compressed = frame.Notification is { } notification
                ? MessageDeflater.Compress(notification, frame.Version1)
                : MessageDeflater.Compress(payload);
            if (!compressed.IsEmpty)
            {
                return TextFrame.Write(_writer, compressed, compressed: true);
            }
        }

        return TextFrame.Write(_writer, payload);
    }

    private void Written(int answers, List<ControlFrame>? controls, Exception? failure)
    {
        if (answers > 0)
        {
            _answerSlots.Release(answers);
            // Its first answer is out: the connection is open, and its turn goes to the next (ConnectionOpenings).
            EndOpening();
        }

        if (controls is { Count: > 0 })
        {
            foreach (var control in controls)
            {
                if (failure is null)
                {
                    control.SetWritten();
                }
                else
                {
                    control.SetFailed(failure);
                }
            }

            controls.Clear();
        }
    }

    private void Release(in OutboundFrame frame, Exception? failure)
    {
        if (frame.Answer is not null)
        {
            frame.Answer.Dispose();
            _answerSlots.Release();
        }

        frame.Control?.SetFailed(failure ?? new IOException("The WebSocket connection is closing."));
    }
}

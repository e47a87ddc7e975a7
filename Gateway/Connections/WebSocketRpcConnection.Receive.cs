using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>The connection's receive loop: what it reads, and how it paces the answers it causes.</summary>
internal sealed partial class WebSocketRpcConnection
{
    /// <summary>How many messages' answers may wait for each other under one hold of the output.</summary>
    private const int MaxMessagesPerHold = 16;

    /// <summary>
    /// Reads messages and hands each on, holding an in-flight slot for it until it is answered. Every
    /// message already received is taken from one read of the pipe; while more of them wait, the output
    /// is held (up to <see cref="MaxMessagesPerHold"/> messages), so that the answers to a burst of
    /// requests leave in one flush. Before every wait the read is given back and the output let go, since
    /// a held answer may be what frees the next slot.
    /// One method for the whole loop: an idle connection then waits in a single state machine, and holds
    /// no buffer of its own.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        var reader = _input.Reader;
        ReadResult read = default;
        var buffer = ReadOnlySequence<byte>.Empty;
        var reading = false;
        var held = 0;
        try
        {
            while (true)
            {
                if (!_inFlight.TryTake())
                {
                    if (reading)
                    {
                        reading = false;
                        reader.AdvanceTo(buffer.Start);
                    }

                    LetGoOfOutput(ref held);
                    do
                    {
                        await _inFlight.WhenFreeAsync(1);
                    }
                    while (!_inFlight.TryTake());
                }

                var handedOn = false;
                try
                {
                    InputEvent received;
                    while (true)
                    {
                        if (!reading)
                        {
                            var pending = reader.ReadAsync();
                            if (!pending.IsCompleted)
                            {
                                LetGoOfOutput(ref held);
                            }

                            read = await pending;
                            buffer = read.Buffer;
                            reading = true;
                        }

                        received = _input.Read(ref buffer);
                        if (received != InputEvent.NeedMore)
                        {
                            break;
                        }

                        reading = false;
                        reader.AdvanceTo(buffer.Start, read.Buffer.End);

                        // A cancelled read that is not ours (Kestrel cancels one when the server stops) reads on.
                        if (read.IsCompleted || _aborted)
                        {
                            // Gone without a close frame, or cut off: keep-alive, slow consumer, unanswered close.
                            return;
                        }
                    }

                    if (received is not (InputEvent.Text or InputEvent.Binary))
                    {
                        // What follows awaits: the pipe and the output are let go first.
                        reading = false;
                        reader.AdvanceTo(buffer.Start);
                        LetGoOfOutput(ref held);
                    }

                    switch (received)
                    {
                        case InputEvent.Text:
                            handedOn = true;
                            HoldOutputIf(!buffer.IsEmpty, ref held);
                            _dispatcher.Dispatch(this, _input.TakeMessage());
                            break;
                        case InputEvent.Binary:
                            handedOn = true;
                            HoldOutputIf(!buffer.IsEmpty, ref held);
                            _dispatcher.Reject(this, new(JsonRpcErrorCodes.InvalidRequest, "Invalid Request", "Binary frames are not accepted: send JSON-RPC as text frames."));
                            break;
                        case InputEvent.TooBig:
                            // Whatever the client sends now is skipped until its close arrives.
                            await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A message has at most {_options.MaxWebSocketMessageBytes} bytes.");
                            break;
                        case InputEvent.Close:
                            await CloseAsync(WebSocketCloseStatus.NormalClosure, null, answering: true);
                            return;
                        case InputEvent.ProtocolError:
                            _logger.LogDebug("WebSocket connection {ConnectionId} broke the protocol: {Failure}", Id, _input.Failure);
                            await CloseAsync(_input.FailureStatus, _input.Failure);
                            return;
                    }

                    if (reading && buffer.IsEmpty)
                    {
                        reading = false;
                        reader.AdvanceTo(buffer.End);
                    }
                }
                finally
                {
                    if (!handedOn)
                    {
                        _inFlight.Release();
                    }
                }
            }
        }
        finally
        {
            LetGoOfOutput(ref held);
        }
    }

    /// <summary>
    /// Before a message is handed on: holds the output while <paramref name="more"/> input waits behind it,
    /// so that its answer waits for the others'; lets go every <see cref="MaxMessagesPerHold"/> messages.
    /// </summary>
    /// <param name="held">Messages handed on under the current hold; 0 when the output is not held.</param>
    private void HoldOutputIf(bool more, ref int held)
    {
        if (held >= MaxMessagesPerHold)
        {
            LetGoOfOutput(ref held);
        }

        if (held > 0)
        {
            held++;
        }
        else if (more && _output.TryHold())
        {
            held = 1;
        }
    }

    private void LetGoOfOutput(ref int held)
    {
        if (held > 0)
        {
            held = 0;
            _output.ReleaseHold();
        }
    }
}

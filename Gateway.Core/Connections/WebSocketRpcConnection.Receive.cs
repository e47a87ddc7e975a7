using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>The connection's receive loop.</summary>
internal sealed partial class WebSocketRpcConnection
{
    /// <summary>
    /// Reads messages and hands each on, holding an in-flight slot for it until it is answered. Every
    /// message already received is taken from one read of the pipe, rather than one read (and the pipe's
    /// lock, twice) per message; the read is given back before anything is awaited.
    /// One method for the whole loop: an idle connection then waits in a single state machine, and holds
    /// no buffer of its own.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        var reader = _input.Reader;
        ReadResult read = default;
        var buffer = ReadOnlySequence<byte>.Empty;
        var reading = false;
        while (true)
        {
            if (_output.OverBudget)
            {
                // Answers the client has not read fill the byte budget: read nothing more until they
                // drain; the write timeout closes a client that never reads them.
                if (reading)
                {
                    reading = false;
                    reader.AdvanceTo(buffer.Start);
                }

                await _output.WhenUnderBudget();
            }

            if (!_inFlight.TryTake())
            {
                if (reading)
                {
                    reading = false;
                    reader.AdvanceTo(buffer.Start);
                }

                do
                {
                    await _inFlight.WhenFreeAsync(1);
                }
                while (!_inFlight.TryTake());
            }

            _inFlight.StartReading();

            var handedOn = false;
            try
            {
                InputEvent received;
                while (true)
                {
                    if (!reading)
                    {
                        // What was read last is the pipe's again: nothing of it stays referenced while idle.
                        buffer = default;
                        read = default;
                        read = await reader.ReadAsync();
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

                if (buffer.IsEmpty || received is not (InputEvent.Text or InputEvent.Binary))
                {
                    // Nothing more to take from this read, or what follows awaits.
                    reading = false;
                    reader.AdvanceTo(buffer.Start);
                }

                switch (received)
                {
                    case InputEvent.Text:
                        _inFlight.StopReading();
                        handedOn = true;
                        _dispatcher.Dispatch(this, _input.TakeMessage());
                        break;
                    case InputEvent.Binary:
                        _inFlight.StopReading();
                        handedOn = true;
                        _dispatcher.Reject(this, new(JsonRpcErrorCodes.InvalidRequest, "Invalid Request", "Binary frames are not accepted: send JSON-RPC as text frames."));
                        break;
                    case InputEvent.TooBig:
                        // Whatever the client sends now is skipped until its close arrives.
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A message has at most {_options.MaxWebSocketMessageBytes} bytes.");
                        break;
                    case InputEvent.Close:
                        await AnswerCallsInFlightAsync();
                        await CloseAsync(WebSocketCloseStatus.NormalClosure, null, answering: true);
                        return;
                    case InputEvent.ProtocolError:
                        _logger.LogDebug("WebSocket connection {ConnectionId} broke the protocol: {Failure}", Id, _input.Failure);
                        await CloseAsync(_input.FailureStatus, _input.Failure);
                        return;
                }
            }
            finally
            {
                if (!handedOn)
                {
                    _inFlight.StopReading();
                    _inFlight.Release();
                }
            }
        }
    }
}

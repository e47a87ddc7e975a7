using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.WebSockets.Compression;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// The server's end of one WebSocket, spoken by the gateway itself on the connection's pipes (RFC 6455):
/// what arrives (<see cref="Input"/>) and what leaves (<see cref="Output"/>), ping and pong, the message
/// deadline, the write timeout, the close handshake and its timer, and abort. Shaped like
/// <see cref="System.Net.WebSockets.WebSocket"/> (<see cref="CloseOutputAsync"/>, <see cref="Abort"/>)
/// without a task per message; the RPC connection on top (<c>WebSocketRpcConnection</c>) keeps the RPC role.
/// </summary>
internal sealed class ServerWebSocket
{
    /// <summary>How long a close the server sent may wait for the client's before the connection is cut.</summary>
    public static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly string _id;
    private readonly HttpContext _http;
    private readonly GatewayCounters _counters;
    private readonly ILogger _logger;
    private int _closeSent;
    private int _closingSlowConsumer;
    private int _faulted;
    private volatile bool _aborted;
    private bool _finished;
    private bool _awaitingPong;
    private long _lastPing;

    // Set by the keep-alive walk (one thread) once it closes the connection for a message that took too long.
    private bool _messageLate;
    private CancellationTokenSource? _closeHandshake;
    private CancellationTokenRegistration _closeHandshakeExpiry;

    /// <param name="id">The connection's id, for the log.</param>
    /// <param name="deflate">The permessage-deflate parameters agreed in the handshake; null when none were.</param>
    /// <param name="inFlight">The connection's messages in progress, which the output releases as their answers leave.</param>
    public ServerWebSocket(string id, HttpContext http, UpgradedConnection upgraded, DeflateAgreement? deflate, JsonRpcOptions options, InFlightSlots inFlight, AnswerMemory answerMemory, GatewayCounters counters, ILogger logger)
    {
        _id = id;
        _http = http;
        _counters = counters;
        _logger = logger;
        var deflater = deflate is { } agreed ? new MessageDeflater(options.WebSocketCompressionThreshold, agreed) : null;
        var inflater = deflate is { } agreement ? new MessageInflater(agreement.ClientContextTakeover) : null;
        Output = new WebSocketOutput(upgraded.Output, upgraded.OwnsPipes, options.MaxOutboundQueue, inFlight, deflater, options.MaxOutboundBytes, answerMemory)
        {
            Opening = http.Features.Get<ConnectionOpening>(),
        };
        Input = new WebSocketInput(upgraded.Input, upgraded.OwnsPipes, Output, options.MaxWebSocketMessageBytes, inflater);
        _lastPing = Environment.TickCount64;
    }

    public WebSocketInput Input { get; }

    public WebSocketOutput Output { get; }

    /// <summary>Whether the connection was cut (keep-alive, slow consumer, unanswered close, fault): the read loop ends.</summary>
    public bool Aborted => _aborted;

    /// <summary>
    /// One step of the keep-alive, called periodically for every WebSocket: a ping every
    /// <paramref name="interval"/>, and the connection cut when nothing at all (pong or otherwise) has
    /// come from the client within <paramref name="timeout"/> of one; a close with 1008 when a message
    /// has been arriving for longer than <paramref name="messageTime"/>, or when nothing sent was read for
    /// <paramref name="writeTimeout"/>.
    /// </summary>
    /// <param name="now">Milliseconds, as <see cref="Environment.TickCount64"/>.</param>
    /// <param name="interval">Ping period in milliseconds; -1 for none.</param>
    /// <param name="timeout">How long a ping may go unanswered, in milliseconds; -1: never cut a connection, only ping it.</param>
    /// <param name="messageTime">How long a message may take to arrive whole, in milliseconds; -1 for as long as it likes.</param>
    /// <param name="writeTimeout">How long a write may wait for the client to read, in milliseconds; -1 for as long as it takes.</param>
    public void KeepAlive(long now, long interval, long timeout, long messageTime, long writeTimeout)
    {
        if (writeTimeout >= 0 && Output.FlushWaitingSince is var waiting && waiting != 0 && now - waiting >= writeTimeout)
        {
            // Nothing moved to the client for the whole write timeout: it does not read (pongs or not).
            _logger.LogDebug("WebSocket connection {ConnectionId} read nothing of what was sent for {Timeout} ms.", _id, writeTimeout);
            CloseSlowConsumer();
            return;
        }

        if (messageTime >= 0 && Input.MessageStarted is var started && started != 0 && now - started >= messageTime && !_messageLate)
        {
            _messageLate = true;

            // The client reads: it gets the close and has the close handshake's time to answer it.
            _ = CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A message must arrive whole within {messageTime / 1000.0:0.###} s."));
            return;
        }

        if (interval < 0)
        {
            return;
        }

        if (_awaitingPong)
        {
            if (!Input.Heard)
            {
                if (now - _lastPing >= timeout)
                {
                    _logger.LogDebug("WebSocket connection {ConnectionId} did not answer a ping within {Timeout} ms.", _id, timeout);
                    Abort();
                }

                return;
            }

            _awaitingPong = false;
        }

        if (now - _lastPing >= interval)
        {
            Input.Heard = false;
            _awaitingPong = timeout >= 0;
            _lastPing = now;
            _ = Output.WriteControlFrameAsync(ControlFrame.Ping(default));
        }
    }

    /// <summary>
    /// Closes the connection as a slow consumer (1008). Deliveries and answers on several threads can all
    /// find the queue full before the close seals it: the first closes the connection and counts it, once.
    /// </summary>
    public void CloseSlowConsumer()
    {
        if (Interlocked.Exchange(ref _closingSlowConsumer, 1) == 0)
        {
            _counters.SlowConsumerClosed(_id);
            _ = CloseSlowConsumerAsync();
        }
    }

    /// <summary>
    /// Sends the one close frame this connection sends (unless one was sent already) and waits until it
    /// has been written. Unless it is <paramref name="answering"/> the client's close, the client has
    /// <see cref="CloseHandshakeTimeout"/> to answer before the connection is cut. A connection already
    /// gone is no error.
    /// </summary>
    public async Task CloseOutputAsync(WebSocketCloseStatus status, string? description, bool answering = false)
    {
        try
        {
            await SendCloseAsync(status, description, answering);
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            _logger.LogDebug(ex, "Close of WebSocket connection {ConnectionId} was not sent.", _id);
        }
    }

    /// <summary>Something of this connection's own failed where nobody awaits it: it is logged once and the connection cut.</summary>
    public void Fault(Exception exception)
    {
        if (Interlocked.Exchange(ref _faulted, 1) == 0)
        {
            _logger.LogError(exception, "WebSocket connection {ConnectionId} failed and is cut off.", _id);
        }

        try
        {
            Abort();
        }
        catch (Exception ex)
        {
            // Cutting it failed too (the failure above may have been that): the read loop's end cleans up.
            _logger.LogDebug(ex, "WebSocket connection {ConnectionId} could not be cut off.", _id);
        }
    }

    /// <summary>Cuts the connection: the read loop ends, and with it the connection. Nothing once the connection has finished.</summary>
    public void Abort()
    {
        // Under the same lock as the finish: once the server has the connection back, it is not ours to abort.
        lock (Input)
        {
            if (_finished)
            {
                return;
            }

            _aborted = true;
            _http.Abort();
            Input.Reader.CancelPendingRead();
        }
    }

    /// <summary>
    /// Hands the connection back to the server: stops the writer (cutting off a client that holds the last
    /// flush by not reading), stops the close handshake's timer, and completes the input. Nothing aborts
    /// the connection after this.
    /// </summary>
    public async Task CompleteAsync()
    {
        if (!await Output.CompleteAsync(TimeSpan.FromSeconds(5)))
        {
            // A client that stopped reading holds the last flush: cut it off, which ends the flush.
            _http.Abort();
            await Output.WhenWriterGoneAsync();
        }

        // Waits for an expiry already running, so that nothing aborts the connection once it is handed back.
        _closeHandshakeExpiry.Dispose();
        _closeHandshake?.Dispose();
        lock (Input)
        {
            _finished = true;
        }

        await Input.CompleteAsync();
    }

    /// <summary>What the transport throws when the other end is gone or the connection was aborted (Kestrel's are an <see cref="IOException"/> and an <see cref="OperationCanceledException"/>).</summary>
    public static bool IsConnectionGone(Exception exception) =>
        exception is OperationCanceledException or ObjectDisposedException or IOException;

    /// <summary>
    /// Closes a connection that does not keep up: what waits for it is dropped, then 1008 if the close frame
    /// can be written within a second, then the connection is aborted, which ends the read loop and so runs
    /// the connection's cleanup.
    /// </summary>
    private async Task CloseSlowConsumerAsync()
    {
        Output.CloseData();
        try
        {
            await SendCloseAsync(WebSocketCloseStatus.PolicyViolation, "Too slow: notifications were not read in time.").WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (IsConnectionGone(ex) || ex is TimeoutException)
        {
            _logger.LogDebug(ex, "Close frame to slow WebSocket connection {ConnectionId} was not sent.", _id);
        }
        finally
        {
            Abort();
        }
    }

    private Task SendCloseAsync(WebSocketCloseStatus status, string? description, bool answering = false)
    {
        if (Interlocked.Exchange(ref _closeSent, 1) != 0)
        {
            return Task.CompletedTask;
        }

        if (!answering)
        {
            _closeHandshake = new CancellationTokenSource(CloseHandshakeTimeout);
            // On a timer thread, where an exception would end the process.
            _closeHandshakeExpiry = _closeHandshake.Token.Register(static state => ((ServerWebSocket)state!).AbortOrFault(), this);
        }

        return Output.WriteControlFrameAsync(ControlFrame.Close(status, description));
    }

    private void AbortOrFault()
    {
        try
        {
            Abort();
        }
        catch (Exception ex)
        {
            Fault(ex);
        }
    }
}

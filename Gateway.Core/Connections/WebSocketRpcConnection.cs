using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Gateway.WebSockets.Compression;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// A WebSocket connection: reads each text message into a pooled buffer and hands it to the dispatcher
/// (<see cref="WebSocketInput"/>); answers and notifications leave through one bounded queue, in the order
/// they were queued (<see cref="WebSocketOutput"/>). The gateway speaks RFC 6455 itself, on the
/// connection's pipes, with no WebSocket object in between.
/// At most <see cref="JsonRpcOptions.MaxInFlightPerConnection"/> messages are in progress (answer sent
/// included); past that the socket is not read, so a client that floods the server only slows itself. A
/// client that does not read gets its notifications queued up to <see cref="JsonRpcOptions.MaxOutboundQueue"/>,
/// then the slow-consumer policy applies: nobody else waits for it.
/// </summary>
internal sealed partial class WebSocketRpcConnection : RpcConnection
{
    /// <summary>How long a close the server sent may wait for the client's before the connection is cut.</summary>
    private static readonly TimeSpan s_closeHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpContext _http;
    private readonly WebSocketInput _input;
    private readonly WebSocketOutput _output;
    private readonly JsonRpcDispatcher _dispatcher;
    private readonly JsonRpcOptions _options;
    private readonly ILogger _logger;
    private readonly InFlightSlots _inFlight;
    private readonly GatewayCounters _counters;
    private int _closeSent;
    private int _closingSlowConsumer;
    private int _faulted;
    private volatile bool _aborted;
    private bool _awaitingPong;
    private long _lastPing;

    // Set by the keep-alive walk (one thread) once it closes the connection for a message that took too long.
    private bool _messageLate;
    private bool _finished;
    private CancellationTokenSource? _closeHandshake;
    private CancellationTokenSource? _abortedSource;
    private int _ended;
    private CancellationTokenRegistration _closeHandshakeExpiry;

    /// <param name="deflate">The permessage-deflate parameters agreed in the handshake; null when none were.</param>
    public WebSocketRpcConnection(RpcContext context, HttpContext http, UpgradedConnection upgraded, DeflateAgreement? deflate, JsonRpcDispatcher dispatcher, JsonRpcOptions options, GatewayCounters counters, ILogger logger)
        : base(context, CancellationToken.None)
    {
        _http = http;
        _dispatcher = dispatcher;
        _options = options;
        _counters = counters;
        _logger = logger;
        _inFlight = new InFlightSlots(options.MaxInFlightPerConnection);
        var deflater = deflate is { } agreed ? new MessageDeflater(options.WebSocketCompressionThreshold, agreed) : null;
        var inflater = deflate is { } agreement ? new MessageInflater(agreement.ClientContextTakeover) : null;
        _output = new WebSocketOutput(upgraded.Output, upgraded.OwnsPipes, options.MaxOutboundQueue, _inFlight, deflater, options.MaxOutboundBytes, dispatcher.AnswerMemory);
        _input = new WebSocketInput(upgraded.Input, upgraded.OwnsPipes, _output, options.MaxWebSocketMessageBytes, inflater);
        _lastPing = Environment.TickCount64;
    }

    /// <summary>
    /// Cancelled when the connection ends, however it ends. Made when a method first asks for it: most
    /// connections never do, and an idle one should not hold a token source and its registration.
    /// </summary>
    public override CancellationToken Aborted
    {
        get
        {
            var source = Volatile.Read(ref _abortedSource);
            if (source is null)
            {
                if (Volatile.Read(ref _ended) != 0)
                {
                    // The request may be over and its context recycled: nothing to link to.
                    return new CancellationToken(canceled: true);
                }

                var made = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted);
                source = Interlocked.CompareExchange(ref _abortedSource, made, null) ?? made;
                if (source != made)
                {
                    made.Dispose();
                }
                else if (Volatile.Read(ref _ended) != 0)
                {
                    // Asked for after the end (a call still running): the end may not have seen it.
                    made.Cancel();
                }
            }

            return source.Token;
        }
    }

    /// <summary>Notifications waiting for this socket (see <c>RpcMetrics</c>).</summary>
    public int QueuedNotifications => _output.QueuedNotifications;

    /// <summary>Bytes of answers and control frames waiting for this socket.</summary>
    public long WaitingBytes => _output.WaitingBytes;

    /// <summary>Runs until the client closes, the socket drops, the keep-alive times out, or the server stops.</summary>
    public async Task RunAsync()
    {
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // The client went away without a close frame, or the connection was aborted.
            _logger.LogDebug(ex, "WebSocket connection {ConnectionId} ended abruptly.", Id);
        }
        finally
        {
            Interlocked.Exchange(ref _ended, 1);
            if (Volatile.Read(ref _abortedSource) is { } aborted)
            {
                await aborted.CancelAsync();
            }
        }
    }

    /// <summary>
    /// Closes with 1001 once the calls in progress are answered (messages that come meanwhile are
    /// answered -32003 by the dispatcher), or when <paramref name="drainLimit"/> has passed; the
    /// connection ends when the client answers the close, or is cut if it does not.
    /// </summary>
    public void CloseForShutdown(TimeSpan drainLimit) => _ = CloseForShutdownAsync(drainLimit);

    /// <summary>
    /// Waits until every message in progress has been answered (or the deadline passes), so that the
    /// connection's grains are not deactivated under calls that are still queued for them; then stops
    /// the writer, so that the server can have the connection back.
    /// </summary>
    public async Task DrainAsync(TimeSpan deadline)
    {
        try
        {
            await _inFlight.WhenFreeAsync(_inFlight.Capacity).WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("WebSocket connection {ConnectionId} closed with calls still running after {Deadline}.", Id, deadline);
        }

        if (!await _output.CompleteAsync(TimeSpan.FromSeconds(5)))
        {
            // A client that stopped reading holds the last flush: cut it off, which ends the flush.
            _http.Abort();
            await _output.WhenWriterGoneAsync();
        }

        // Waits for an expiry already running, so that nothing aborts the connection once it is handed back.
        _closeHandshakeExpiry.Dispose();
        _closeHandshake?.Dispose();
        lock (_input)
        {
            _finished = true;
        }

        // _abortedSource stays undisposed: a call that outlived the drain may still ask for its token,
        // and it goes with the request's own source, to which it is linked.
        await _input.CompleteAsync();
    }

    public override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        if (answer is null)
        {
            _inFlight.Release();
            return;
        }

        // Written by whoever finished the call, without a thread hop when nothing else is being written.
        if (_output.Enqueue(OutboundFrame.ForAnswer(answer), dropOldest: false, out _) == EnqueueResult.Full)
        {
            // Four byte budgets of answers wait for a client that does not read them (ARCHITECTURE.md, "Bounds").
            CloseSlowConsumer();
        }
    }

    /// <summary>
    /// Queues a notification in its place and, on an idle connection, hands the writing to the caller
    /// (see <see cref="RpcConnection.TryQueue"/>), which frames it into the connection's pipe on its own
    /// thread while the transport's threads make the system call.
    /// </summary>
    internal override bool TryQueue(NodeNotification notification, out bool writeDue)
    {
        writeDue = false;
        var dropOldest = _options.SlowConsumerPolicy == SlowConsumerPolicy.DropOldest;
        switch (_output.EnqueueWithoutWriting(OutboundFrame.ForNotification(notification, SpeaksVersion1), dropOldest, out var dropped, ref writeDue))
        {
            case EnqueueResult.Full:
                CloseSlowConsumer();
                return false;
            case EnqueueResult.Closed:
                return false;
        }

        if (dropped)
        {
            _counters.NotificationDropped(Id);
        }

        return true;
    }

    internal override void Write() => _output.StartWriter();

    /// <summary>
    /// Closes the connection as a slow consumer (1008). Deliveries and answers on several threads can all
    /// find the queue full before the close seals it: the first closes the connection and counts it, once.
    /// </summary>
    private void CloseSlowConsumer()
    {
        if (Interlocked.Exchange(ref _closingSlowConsumer, 1) == 0)
        {
            _counters.SlowConsumerClosed(Id);
            _ = CloseSlowConsumerAsync();
        }
    }

    /// <summary>
    /// One step of the keep-alive, called periodically for every WebSocket: a ping every
    /// <paramref name="interval"/>, and the connection cut when nothing at all (pong or otherwise) has
    /// come from the client within <paramref name="timeout"/> of one; and a close with 1008 when a message
    /// has been arriving for longer than <paramref name="messageTime"/>.
    /// </summary>
    /// <param name="now">Milliseconds, as <see cref="Environment.TickCount64"/>.</param>
    /// <param name="interval">Ping period in milliseconds; -1 for none.</param>
    /// <param name="timeout">How long a ping may go unanswered, in milliseconds; -1: never cut a connection, only ping it.</param>
    /// <param name="messageTime">How long a message may take to arrive whole, in milliseconds; -1 for as long as it likes.</param>
    /// <param name="writeTimeout">How long a write may wait for the client to read, in milliseconds; -1 for as long as it takes.</param>
    public void KeepAlive(long now, long interval, long timeout, long messageTime, long writeTimeout)
    {
        if (writeTimeout >= 0 && _output.FlushWaitingSince is var waiting && waiting != 0 && now - waiting >= writeTimeout)
        {
            // Nothing moved to the client for the whole write timeout: it does not read (pongs or not).
            _logger.LogDebug("WebSocket connection {ConnectionId} read nothing of what was sent for {Timeout} ms.", Id, writeTimeout);
            CloseSlowConsumer();
            return;
        }

        if (messageTime >= 0 && _input.MessageStarted is var started && started != 0 && now - started >= messageTime && !_messageLate)
        {
            _messageLate = true;

            // The client reads: it gets the close and has the close handshake's time to answer it.
            _ = CloseAsync(WebSocketCloseStatus.PolicyViolation, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A message must arrive whole within {messageTime / 1000.0:0.###} s."));
            return;
        }

        if (interval < 0)
        {
            return;
        }

        if (_awaitingPong)
        {
            if (!_input.Heard)
            {
                if (now - _lastPing >= timeout)
                {
                    _logger.LogDebug("WebSocket connection {ConnectionId} did not answer a ping within {Timeout} ms.", Id, timeout);
                    Abort();
                }

                return;
            }

            _awaitingPong = false;
        }

        if (now - _lastPing >= interval)
        {
            _input.Heard = false;
            _awaitingPong = timeout >= 0;
            _lastPing = now;
            _ = _output.WriteControlFrameAsync(ControlFrame.Ping(default));
        }
    }

    /// <summary>
    /// Closes a connection that does not keep up: what waits for it is dropped, then 1008 if the close frame
    /// can be written within a second, then the connection is aborted, which ends the read loop and so runs
    /// the connection's cleanup.
    /// </summary>
    private async Task CloseSlowConsumerAsync()
    {
        _output.CloseData();
        try
        {
            await SendCloseAsync(WebSocketCloseStatus.PolicyViolation, "Too slow: notifications were not read in time.").WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (IsConnectionGone(ex) || ex is TimeoutException)
        {
            _logger.LogDebug(ex, "Close frame to slow WebSocket connection {ConnectionId} was not sent.", Id);
        }
        finally
        {
            Abort();
        }
    }

    /// <summary>
    /// Lets the calls the client made before its close be answered before the close that answers it:
    /// RFC 6455 allows that close to wait for what is being sent, and a client that sends and closes at
    /// once (a script) would otherwise lose the answers. Bounded like the close handshake, so that a slow
    /// call cannot hold the close.
    /// </summary>
    private async Task AnswerCallsInFlightAsync()
    {
        try
        {
            // The receive loop holds one slot, for the close itself.
            await _inFlight.WhenFreeAsync(_inFlight.Capacity - 1).WaitAsync(s_closeHandshakeTimeout);
        }
        catch (TimeoutException)
        {
            _logger.LogDebug("WebSocket connection {ConnectionId} answers the client's close with calls still running.", Id);
        }
    }

    /// <summary>Sends a close unless one was sent already, and waits until it has been written.</summary>
    private async Task CloseForShutdownAsync(TimeSpan drainLimit)
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight.WhenNoCalls(() => answered.TrySetResult());
        try
        {
            await answered.Task.WaitAsync(drainLimit);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("WebSocket connection {ConnectionId} is closed for shutdown with calls still running after {Limit}.", Id, drainLimit);
        }

        await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down.");
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string? description, bool answering = false)
    {
        try
        {
            await SendCloseAsync(status, description, answering);
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            _logger.LogDebug(ex, "Close of WebSocket connection {ConnectionId} was not sent.", Id);
        }
    }

    /// <summary>
    /// Queues the one close frame this connection sends. Unless it is <paramref name="answering"/> the
    /// client's close, the client has <see cref="s_closeHandshakeTimeout"/> to answer before the connection
    /// is cut.
    /// </summary>
    private Task SendCloseAsync(WebSocketCloseStatus status, string? description, bool answering = false)
    {
        if (Interlocked.Exchange(ref _closeSent, 1) != 0)
        {
            return Task.CompletedTask;
        }

        if (!answering)
        {
            _closeHandshake = new CancellationTokenSource(s_closeHandshakeTimeout);
            // On a timer thread, where an exception would end the process.
            _closeHandshakeExpiry = _closeHandshake.Token.Register(static state => ((WebSocketRpcConnection)state!).AbortOrFault(), this);
        }

        return _output.WriteControlFrameAsync(ControlFrame.Close(status, description));
    }

    /// <summary>Something of this connection's own failed where nobody awaits it: it is logged once and the connection cut.</summary>
    public override void Fault(Exception exception)
    {
        if (Interlocked.Exchange(ref _faulted, 1) == 0)
        {
            _logger.LogError(exception, "WebSocket connection {ConnectionId} failed and is cut off.", Id);
        }

        try
        {
            Abort();
        }
        catch (Exception ex)
        {
            // Cutting it failed too (the failure above may have been that): the read loop's end cleans up.
            _logger.LogDebug(ex, "WebSocket connection {ConnectionId} could not be cut off.", Id);
        }
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

    /// <summary>Cuts the connection: the read loop ends, and with it the connection. Nothing once the connection has finished.</summary>
    private void Abort()
    {
        // Under the same lock as the finish: once the server has the connection back, it is not ours to abort.
        lock (_input)
        {
            if (_finished)
            {
                return;
            }

            _aborted = true;
            _http.Abort();
            _input.Reader.CancelPendingRead();
        }
    }

    /// <summary>What the transport throws when the other end is gone or the connection was aborted (Kestrel's are an <see cref="IOException"/> and an <see cref="OperationCanceledException"/>).</summary>
    private static bool IsConnectionGone(Exception exception) =>
        exception is OperationCanceledException or ObjectDisposedException or IOException;
}

using System.Buffers;
using System.IO.Pipelines;
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
/// A WebSocket connection in its RPC role: it reads each text message into a pooled buffer and hands it to
/// the dispatcher, and answers and notifications leave through its socket's one bounded queue, in the
/// order they were queued. The socket's own life (ping and pong, keep-alive, the message deadline, the
/// close handshake, abort) is <see cref="ServerWebSocket"/>'s.
/// At most <see cref="JsonRpcOptions.MaxInFlightPerConnection"/> messages are in progress (answer sent
/// included); past that the socket is not read, so a client that floods the server only slows itself. A
/// client that does not read gets its notifications queued up to <see cref="JsonRpcOptions.MaxOutboundQueue"/>,
/// then the slow-consumer policy applies: nobody else waits for it.
/// </summary>
internal sealed class WebSocketRpcConnection : RpcConnection
{
    private readonly HttpContext _http;
    private readonly ServerWebSocket _socket;
    private readonly WebSocketInput _input;
    private readonly WebSocketOutput _output;
    private readonly JsonRpcDispatcher _dispatcher;
    private readonly JsonRpcOptions _options;
    private readonly ILogger _logger;
    private readonly InFlightSlots _inFlight;
    private readonly GatewayCounters _counters;
    private CancellationTokenSource? _abortedSource;

    // Its turn at being opened (ConnectionOpenings) until its first message is in; null when none is kept.
    private ConnectionOpening? _opening;
    private int _ended;

    // Set when the connection is cut for a failure of its own: the calls it had in flight will never be
    // answered (the one that failed holds its slot), so nothing waits for them.
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
        _socket = new ServerWebSocket(context.ConnectionId, http, upgraded, deflate, options, _inFlight, dispatcher.AnswerMemory, counters, logger);
        _input = _socket.Input;
        _output = _socket.Output;
        _opening = http.Features.Get<ConnectionOpening>();
    }

    /// <summary>The socket under the connection, for the keep-alive's walk.</summary>
    public ServerWebSocket Socket => _socket;

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
        catch (Exception ex) when (ServerWebSocket.IsConnectionGone(ex))
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
            await Task.WhenAny(_inFlight.WhenFreeAsync(_inFlight.Capacity), _cut.Task).WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("WebSocket connection {ConnectionId} closed with calls still running after {Deadline}.", Id, deadline);
        }

        // _abortedSource stays undisposed: a call that outlived the drain may still ask for its token,
        // and it goes with the request's own source, to which it is linked.
        await _socket.CompleteAsync();
    }

    internal override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        if (answer is null)
        {
            _inFlight.Release();

            // Notifications only, and done: nothing will be answered, so the connection is open now (ConnectionOpenings).
            _output.EndOpening();
            return;
        }

        // Written by whoever finished the call, without a thread hop when nothing else is being written.
        if (_output.Enqueue(OutboundFrame.ForAnswer(answer), dropOldest: false, out _) == EnqueueResult.Full)
        {
            // Four byte budgets of answers wait for a client that does not read them (ARCHITECTURE.md, "Bounds").
            _socket.CloseSlowConsumer();
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
                _socket.CloseSlowConsumer();
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
            await Task.WhenAny(_inFlight.WhenFreeAsync(_inFlight.Capacity - 1), _cut.Task).WaitAsync(ServerWebSocket.CloseHandshakeTimeout);
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
            await Task.WhenAny(answered.Task, _cut.Task).WaitAsync(drainLimit);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("WebSocket connection {ConnectionId} is closed for shutdown with calls still running after {Limit}.", Id, drainLimit);
        }

        await _socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down.");
    }

    /// <summary>
    /// Something failed on the connection's behalf where nobody awaits it: it is logged once and the
    /// connection cut, without waiting for its calls in flight (ARCHITECTURE.md, "Bounds").
    /// </summary>
    public override void Fault(Exception exception)
    {
        _cut.TrySetResult();
        _socket.Fault(exception);
    }

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
                        var pending = reader.ReadAsync();
                        if (_opening is { } waiting && !pending.IsCompleted)
                        {
                            // The client's first message is a round trip away: its turn at being opened is not spent on that.
                            waiting.PutDown();
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
                    if (read.IsCompleted || _socket.Aborted)
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

                if (_opening is { } opening && received is InputEvent.Text or InputEvent.Binary)
                {
                    // The first message: the connection is opened until its answer (WebSocketOutput), with a turn.
                    _opening = null;
                    try
                    {
                        await opening.TakeUpAsync(_http.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // Gone while it waited for a turn.
                        return;
                    }
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
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, $"A message has at most {_options.MaxWebSocketMessageBytes} bytes.");
                        break;
                    case InputEvent.Close:
                        await AnswerCallsInFlightAsync();
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, answering: true);
                        return;
                    case InputEvent.ProtocolError:
                        _logger.LogDebug("WebSocket connection {ConnectionId} broke the protocol: {Failure}", Id, _input.Failure);
                        await _socket.CloseOutputAsync(_input.FailureStatus, _input.Failure);
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

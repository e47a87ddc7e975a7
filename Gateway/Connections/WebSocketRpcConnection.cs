using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Notifications;
using OrleansRpc.Rpc;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// A WebSocket connection: reads one message per text frame into a pooled buffer and hands it to the
/// dispatcher; answers and notifications leave through one bounded queue, in the order they were queued,
/// framed by the gateway itself (<see cref="WebSocketOutput"/>).
/// At most <see cref="JsonRpcOptions.MaxInFlightPerConnection"/> messages are in progress (answer sent
/// included); past that the socket is not read, so a client that floods the server only slows itself. A
/// client that does not read gets its notifications queued up to <see cref="JsonRpcOptions.MaxOutboundQueue"/>,
/// then the slow-consumer policy applies: nobody else waits for it.
/// </summary>
internal sealed class WebSocketRpcConnection : RpcConnection
{
    private const int InitialBufferSize = 4096;

    private readonly WebSocket _socket;
    private readonly WebSocketOutput _output;
    private readonly JsonRpcDispatcher _dispatcher;
    private readonly JsonRpcOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _inFlight;
    private readonly GatewayCounters _counters;

    public WebSocketRpcConnection(RpcContext context, HttpContext http, UpgradedConnection upgraded, JsonRpcDispatcher dispatcher, JsonRpcOptions options, GatewayCounters counters, ILogger logger, CancellationToken aborted)
        : base(context, aborted)
    {
        _dispatcher = dispatcher;
        _options = options;
        _counters = counters;
        _logger = logger;
        _inFlight = new SemaphoreSlim(options.MaxInFlightPerConnection, options.MaxInFlightPerConnection);
        _output = new WebSocketOutput(upgraded.Output, upgraded.OwnsOutput, options.MaxOutboundQueue, _inFlight);
        var stream = new ControlFrameStream(upgraded.Input, _output, http);
        _socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });
        stream.Owner = _socket;
    }

    /// <summary>Runs until the client closes, the socket drops, the keep-alive times out, or the server stops.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await using var onStopping = stopping.Register(static state => _ = ((WebSocketRpcConnection)state!).CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down."), this);
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // The client went away without a close frame, or stopped answering pings.
            _logger.LogDebug(ex, "WebSocket connection {ConnectionId} ended abruptly.", Id);
        }
    }

    /// <summary>
    /// Waits until every message in progress has been answered (or the deadline passes), so that the
    /// connection's grains are not deactivated under calls that are still queued for them; then stops
    /// the writer, so that the server can have the connection back.
    /// </summary>
    public async Task DrainAsync(TimeSpan deadline, HttpContext http)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            for (var i = 0; i < _options.MaxInFlightPerConnection; i++)
            {
                await _inFlight.WaitAsync(timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("WebSocket connection {ConnectionId} closed with calls still running after {Deadline}.", Id, deadline);
        }

        if (!await _output.CompleteAsync(TimeSpan.FromSeconds(5)))
        {
            // A client that stopped reading holds the last flush: cut it off, which ends the flush.
            http.Abort();
            await _output.WhenWriterGoneAsync();
        }

        _socket.Dispose();
    }

    public override TurnContextCache? TurnContexts { get; } = new();

    public override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        if (answer is null)
        {
            _inFlight.Release();
            return;
        }

        // Written by whoever finished the call, without a thread hop when nothing else is being written.
        _output.Enqueue(OutboundFrame.ForAnswer(answer), dropOldest: false, out _);
    }

    /// <summary>
    /// Queues a notification. On an idle connection it is framed into the connection's pipe at once, on the
    /// calling thread, while the transport's own threads make the system call.
    /// </summary>
    public override bool TrySend(ServerNotification notification)
    {
        var queued = TryQueue(notification, out var writeDue);
        if (writeDue)
        {
            _output.StartWriter();
        }

        return queued;
    }

    /// <summary>
    /// Queues a notification in its place (before any answer queued after it) and, on an idle connection,
    /// hands the writing to the caller: a group's fan-out queues on every member first and writes later,
    /// so that what is published meanwhile leaves with it in one flush.
    /// </summary>
    public override bool TryQueue(ServerNotification notification, out bool writeDue)
    {
        writeDue = false;
        var payload = SpeaksVersion1 ? notification.Version1 : notification.Version2;
        var dropOldest = _options.SlowConsumerPolicy == SlowConsumerPolicy.DropOldest;
        switch (_output.EnqueueWithoutWriting(OutboundFrame.ForNotification(payload), dropOldest, out var dropped, ref writeDue))
        {
            case EnqueueResult.Full:
                _counters.SlowConsumerClosed(Id);
                _ = CloseSlowConsumerAsync();
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

    public override void Write() => _output.StartWriter();

    /// <summary>
    /// Closes a connection that does not keep up: what waits for it is dropped, then 1008 if the close frame
    /// can be written within a second, then the socket is aborted, which ends the read loop and so runs the
    /// connection's cleanup.
    /// </summary>
    private async Task CloseSlowConsumerAsync()
    {
        _output.CloseData();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "Too slow: notifications were not read in time.", deadline.Token);
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            _logger.LogDebug(ex, "Close frame to slow WebSocket connection {ConnectionId} was not sent.", Id);
        }
        finally
        {
            _socket.Abort();
        }
    }

    /// <summary>
    /// Reads one message at a time and hands it on, holding an in-flight slot for it until it is answered.
    /// One method for the whole loop: an idle connection then waits in a single state machine.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        var max = _options.MaxWebSocketMessageBytes;
        while (true)
        {
            await _inFlight.WaitAsync();
            var handedOn = false;
            try
            {
                // Wait for the message before taking a buffer: an idle connection then holds none, which is
                // most of what an idle connection would otherwise cost.
                var result = await _socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.NormalClosure, null);
                    return;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
                var count = 0;

                // An empty message is whole already; anything else is read until its end.
                while (!result.EndOfMessage)
                {
                    if (count == buffer.Length)
                    {
                        // Room for one byte past the limit, so that an oversized message is seen as such.
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, max + 1));
                        buffer.AsSpan(0, count).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    try
                    {
                        result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    }
                    catch
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        throw;
                    }

                    count += result.Count;
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        await CloseAsync(WebSocketCloseStatus.NormalClosure, null);
                        return;
                    }

                    if (count > max)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A message has at most {max} bytes.");
                        await DrainUntilClosedAsync();
                        return;
                    }
                }

                handedOn = true;
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    _dispatcher.Reject(this, new(JsonRpcErrorCodes.InvalidRequest, "Invalid Request", "Binary frames are not accepted: send JSON-RPC as text frames."));
                    continue;
                }

                _dispatcher.Dispatch(this, new RequestMessage(buffer, count));
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

    private async Task CloseAsync(WebSocketCloseStatus status, string? description)
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, description, CancellationToken.None);
            }
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            _logger.LogDebug(ex, "Close of WebSocket connection {ConnectionId} was not sent.", Id);
        }
    }

    /// <summary>
    /// After closing for an oversized message, reads and drops what the client still sends until its close
    /// arrives, so the close frame is read before the TCP connection goes away.
    /// </summary>
    private async Task DrainUntilClosedAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var scratch = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            while ((await _socket.ReceiveAsync(scratch.AsMemory(), deadline.Token)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>What sockets throw when the other end is gone or the connection was aborted.</summary>
    private static bool IsConnectionGone(Exception exception) =>
        exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException;
}

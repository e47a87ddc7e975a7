using System.Buffers;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// A WebSocket connection: reads one message per text frame into a pooled buffer, hands it to the
/// dispatcher, and sends answers one at a time. At most <see cref="JsonRpcOptions.MaxInFlightPerConnection"/>
/// messages are in progress (answer sent included); past that the socket is not read, so a client that
/// floods the server only slows itself.
/// </summary>
internal sealed class WebSocketRpcConnection : RpcConnection
{
    private const int InitialBufferSize = 4096;

    private readonly WebSocket _socket;
    private readonly JsonRpcDispatcher _dispatcher;
    private readonly JsonRpcOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _inFlight;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public WebSocketRpcConnection(RpcContext context, WebSocket socket, JsonRpcDispatcher dispatcher, JsonRpcOptions options, ILogger logger, CancellationToken aborted)
        : base(context, aborted)
    {
        _socket = socket;
        _dispatcher = dispatcher;
        _options = options;
        _logger = logger;
        _inFlight = new SemaphoreSlim(options.MaxInFlightPerConnection, options.MaxInFlightPerConnection);
    }

    /// <summary>Runs until the client closes, the socket drops, the keep-alive times out, or the server stops.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        await using var onStopping = stopping.Register(static state => _ = ((WebSocketRpcConnection)state!).CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "The server is shutting down."), this);
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client went away without a close frame, or stopped answering pings.
            _logger.LogDebug(ex, "WebSocket connection {ConnectionId} ended abruptly.", Id);
        }
    }

    /// <summary>
    /// Waits until every message in progress has been answered (or the deadline passes), so that the
    /// connection's grains are not deactivated under calls that are still queued for them.
    /// </summary>
    public async Task DrainAsync(TimeSpan deadline)
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
    }

    public override void OnMessageAnswered(PooledBufferWriter? answer)
    {
        if (answer is null)
        {
            _inFlight.Release();
            return;
        }

        _ = SendAnswerAsync(answer);
    }

    private async Task ReceiveLoopAsync()
    {
        var max = _options.MaxWebSocketMessageBytes;
        while (true)
        {
            await _inFlight.WaitAsync();
            if (!await ReceiveMessageAsync(max))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Reads one message and hands it on, holding the in-flight slot taken for it; false when the
    /// connection is over, in which case the slot is given back.
    /// </summary>
    private async Task<bool> ReceiveMessageAsync(int max)
    {
        var handedOn = false;
        try
        {
            var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
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
                    return false;
                }

                if (count > max)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    await CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A message has at most {max} bytes.");
                    await DrainUntilClosedAsync();
                    return false;
                }
            }
            while (!result.EndOfMessage);

            handedOn = true;
            if (result.MessageType == WebSocketMessageType.Binary)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                _dispatcher.Reject(this, new(JsonRpcErrorCodes.InvalidRequest, "Invalid Request", "Binary frames are not accepted: send JSON-RPC as text frames."));
                return true;
            }

            _dispatcher.Dispatch(this, new RequestMessage(buffer, count));
            return true;
        }
        finally
        {
            if (!handedOn)
            {
                _inFlight.Release();
            }
        }
    }

    private async Task SendAnswerAsync(PooledBufferWriter answer)
    {
        try
        {
            await _sendLock.WaitAsync();
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    await _socket.SendAsync(answer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _logger.LogDebug(ex, "Answer to WebSocket connection {ConnectionId} was not sent.", Id);
        }
        finally
        {
            answer.Dispose();
            _inFlight.Release();
        }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string? description)
    {
        try
        {
            await _sendLock.WaitAsync();
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(status, description, CancellationToken.None);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
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
}

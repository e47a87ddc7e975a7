using System.Buffers;
using System.Net.WebSockets;

namespace OrleansRpc.Client;

/// <summary>
/// The client's socket: one receive loop, one send at a time, and, when the socket drops, a new one after
/// a backoff. Frames sent while it is down wait for the next socket.
/// </summary>
internal sealed class WebSocketChannel(
    Uri uri,
    JsonRpcClientOptions options,
    Action<ReadOnlyMemory<byte>> onMessage,
    Action<Exception> onDropped,
    Action onReconnected) : IAsyncDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private volatile TaskCompletionSource<ClientWebSocket> _open = NewOpen();
    private ClientWebSocket? _socket;
    private Task _loop = Task.CompletedTask;
    private volatile bool _disposed;

    /// <summary>The subprotocol the server chose for the current socket.</summary>
    public string? SubProtocol => _socket?.SubProtocol;

    /// <summary>Whether the server agreed to permessage-deflate on the current socket.</summary>
    public bool Compressed { get; private set; }

    /// <summary>Opens the first socket; throws when it cannot.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = await OpenAsync(cancellationToken);
        _socket = socket;
        _open.TrySetResult(socket);
        _loop = RunAsync(socket);
    }

    /// <summary>Sends one text frame on the socket, waiting for it while it reconnects; the calls in it are marked as sent over it.</summary>
    public async Task SendAsync(byte[] frame, IReadOnlyList<PendingCall> calls, CancellationToken cancellationToken)
    {
        var socket = await _open.Task.WaitAsync(cancellationToken);
        foreach (var call in calls)
        {
            call.OverSocket = true;
        }

        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new JsonRpcConnectionException("The socket closed before the message was sent.", inner: ex);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<ClientWebSocket> OpenAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = options.Cookies;
        foreach (var subProtocol in options.SubProtocols)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }

        if (options.Compression)
        {
            // The gateway compresses each of its messages on its own, so the client need keep no window for them.
            socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions { ServerContextTakeover = false };

            // The only way ClientWebSocket tells whether the server agreed; dropped once read.
            socket.Options.CollectHttpResponseDetails = true;
        }

        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
            Compressed = socket.HttpResponseHeaders?.ContainsKey("Sec-WebSocket-Extensions") == true;
            socket.HttpResponseHeaders = null;
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task RunAsync(ClientWebSocket socket)
    {
        while (true)
        {
            var dropped = await ReceiveAsync(socket);
            if (_disposed)
            {
                return;
            }

            // Frames sent from now on wait for the next socket; those already sent cannot be answered.
            _open = NewOpen();
            socket.Dispose();
            onDropped(dropped);
            if (!options.Reconnect || await ReconnectAsync() is not { } next)
            {
                Fail(_open, new JsonRpcConnectionException("The socket closed and the client does not reconnect.", inner: dropped));
                return;
            }

            socket = next;
            _socket = socket;
            _open.TrySetResult(socket);
            onReconnected();
        }
    }

    private async Task<Exception> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), _closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseOutputAsync(socket);
                    return new JsonRpcConnectionException($"The server closed the socket ({(int?)socket.CloseStatus} {socket.CloseStatusDescription}).");
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    onMessage(buffer.WrittenMemory);
                    buffer.ResetWrittenCount();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return new JsonRpcConnectionException($"The socket failed: {ex.Message}", inner: ex);
        }
    }

    private async Task<ClientWebSocket?> ReconnectAsync()
    {
        for (var attempt = 0; !_closing.IsCancellationRequested; attempt++)
        {
            var delay = Math.Min(options.ReconnectMaxDelay.TotalMilliseconds, options.ReconnectMinDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20)));
            // Jitter, so that clients a server dropped together do not come back together.
            delay *= 1 - (Random.Shared.NextDouble() / 2);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), _closing.Token);
                return await OpenAsync(_closing.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException)
            {
                // The server is still away: the next attempt waits longer.
            }
        }

        return null;
    }

    private static async Task CloseOutputAsync(ClientWebSocket socket)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket is gone either way.
        }
    }

    private static TaskCompletionSource<ClientWebSocket> NewOpen() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Senders that wait for a socket see the error; when none waits, it is not an unobserved exception.
    private static void Fail(TaskCompletionSource<ClientWebSocket> open, Exception error)
    {
        if (open.TrySetException(error))
        {
            _ = open.Task.Exception;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_socket is { State: WebSocketState.Open } socket)
        {
            // The server answers the close, which ends the receive loop; a server that does not is cut off below.
            await CloseOutputAsync(socket);
            await _loop.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _closing.Cancel();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        Fail(_open, new JsonRpcConnectionException("The client is disposed."));
        _socket?.Dispose();
        _closing.Dispose();
    }
}

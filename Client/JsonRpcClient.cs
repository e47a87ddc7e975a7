using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>
/// A JSON-RPC 2.0 client of an OrleansRpc gateway: over a WebSocket that reconnects when it drops (and HTTP
/// for the methods that take only HTTP), or over HTTP alone. Calls by name (<see cref="CallAsync{T}(string, object?, CancellationToken)"/>)
/// or through the grain interfaces the server implements (<see cref="GetProxy{TGrainInterface}"/>).
/// </summary>
public sealed class JsonRpcClient : IAsyncDisposable
{
    private readonly JsonRpcClientOptions _options;
    private readonly PendingCalls _pending = new();
    private readonly ProgressListeners _progress = new();
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<JsonElement>>> _handlers = new(StringComparer.Ordinal);
    private readonly HttpChannel _http;
    private WebSocketChannel? _socket;
    private int _disposed;

    private JsonRpcClient(Uri httpUri, JsonRpcClientOptions options)
    {
        _options = options;
        _http = new HttpChannel(httpUri, options.Cookies);
    }

    /// <summary>
    /// A new socket after the old one dropped is a new connection to the server: its groups and
    /// channel_session start empty. Join again here.
    /// </summary>
    public event Action? Reconnected;

    /// <summary>Every server notification, with its method name and params (default when it has none).</summary>
    public event Action<string, JsonElement>? NotificationReceived;

    /// <summary>Whether calls can go over a WebSocket (false for a client made by <see cref="ForHttp"/>).</summary>
    public bool HasWebSocket => _socket is not null;

    /// <summary>The subprotocol the server chose for the current socket.</summary>
    public string? SubProtocol => _socket?.SubProtocol;

    /// <summary>Whether the server agreed to permessage-deflate on the current socket (<see cref="JsonRpcClientOptions.Compression"/>).</summary>
    public bool Compressed => _socket?.Compressed ?? false;

    /// <summary>The options params are written and results read with.</summary>
    public JsonSerializerOptions SerializerOptions => _options.SerializerOptions;

    /// <summary>Opens a WebSocket to the gateway (ws:// or wss://; its /ws endpoint). Throws when the first attempt fails.</summary>
    public static async Task<JsonRpcClient> ConnectAsync(Uri webSocketUri, JsonRpcClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new JsonRpcClientOptions();
        var client = new JsonRpcClient(options.HttpUri ?? HttpUriOf(webSocketUri), options);
        client._socket = new WebSocketChannel(webSocketUri, options, client.OnMessage, client.OnDropped, () => client.Reconnected?.Invoke());
        try
        {
            await client._socket.StartAsync(cancellationToken);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }

        return client;
    }

    /// <summary>A client that posts every call to the gateway's HTTP endpoint (its /rpc); it gets no server notifications.</summary>
    public static JsonRpcClient ForHttp(Uri httpUri, JsonRpcClientOptions? options = null) => new(httpUri, options ?? new JsonRpcClientOptions());

    /// <summary>Calls a method; params are an array or object (anonymous types work), or null for none.</summary>
    /// <exception cref="JsonRpcRemoteException">The server answered with an error.</exception>
    /// <exception cref="JsonRpcConnectionException">The transport failed before the answer.</exception>
    /// <exception cref="TimeoutException">No answer within <see cref="JsonRpcClientOptions.Timeout"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled: the wait is abandoned (the call may still run).</exception>
    public Task<T> CallAsync<T>(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        CallAsync<T>(method, parameters, RpcTransportChoice.Auto, cancellationToken);

    public async Task<T> CallAsync<T>(string method, object? parameters, RpcTransportChoice transport, CancellationToken cancellationToken = default)
    {
        var result = await CallRawAsync(method, parameters, transport, cancellationToken);
        return result.ValueKind == JsonValueKind.Undefined ? default! : result.Deserialize<T>(_options.SerializerOptions)!;
    }

    /// <summary>
    /// Calls a method that returns <c>IAsyncEnumerable&lt;T&gt;</c> on the server and reads its items as the loop
    /// asks for them (<c>$/enumerator/next</c>, a page at a time); leaving the loop early stops the server's
    /// sequence (<c>$/enumerator/abort</c>). Nothing is sent until the loop starts.
    /// </summary>
    public IAsyncEnumerable<T> StreamAsync<T>(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        StreamedResults.ReadAsync<T>(this, method, parameters, RpcTransportChoice.Auto, cancellationToken);

    /// <summary>Calls a method whose result does not matter (waiting for it all the same).</summary>
    public Task CallAsync(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        CallRawAsync(method, parameters, RpcTransportChoice.Auto, cancellationToken);

    /// <summary>Sends a notification: no answer. Completes once it is sent (over HTTP, once the server took it).</summary>
    public Task NotifyAsync(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        NotifyAsync(method, parameters, RpcTransportChoice.Auto, cancellationToken);

    public Task NotifyAsync(string method, object? parameters, RpcTransportChoice transport, CancellationToken cancellationToken = default) =>
        SendAsync(RequestWriter.Single(method, parameters, null, _options.SerializerOptions), [], transport, cancellationToken);

    /// <summary>Calls the handler with the params of each server notification named <paramref name="method"/>; dispose to stop.</summary>
    public IDisposable On(string method, Action<JsonElement> handler)
    {
        _handlers.AddOrUpdate(method, _ => [handler], (_, list) => list.Add(handler));
        return new Subscription(() => _handlers.AddOrUpdate(method, _ => [], (_, list) => list.Remove(handler)));
    }

    /// <summary>As <see cref="On(string, Action{JsonElement})"/>, with the params read as <typeparamref name="T"/>.</summary>
    public IDisposable On<T>(string method, Action<T> handler) =>
        On(method, parameters => handler(parameters.Deserialize<T>(_options.SerializerOptions)!));

    /// <summary>Calls and notifications to send together as one JSON-RPC batch.</summary>
    public JsonRpcBatch CreateBatch() => new(this);

    /// <summary>
    /// Calls through a grain interface: each <c>[JsonRpcMethod]</c> is called by its name with its
    /// arguments by name, over the transport its attribute allows; <c>[JsonRpcNotification]</c>s are sent
    /// as notifications; an <c>RpcContext</c> argument is left out (the server supplies it) and a
    /// <c>CancellationToken</c> one cancels the wait (and the call, over the socket); an <c>IProgress&lt;T&gt;</c>
    /// one receives the method's <c>$/progress</c> reports, in order, before the call completes. A method that
    /// returns <c>IAsyncEnumerable&lt;T&gt;</c> streams (<see cref="StreamAsync{T}"/>).
    /// </summary>
    public TGrainInterface GetProxy<TGrainInterface>() where TGrainInterface : class => RpcProxy.Create<TGrainInterface>(this);

    internal async Task<JsonElement> CallRawAsync(string method, object? parameters, RpcTransportChoice transport, CancellationToken cancellationToken)
    {
        var call = _pending.Add(method);
        using var deadline = Deadline(cancellationToken);
        try
        {
            var frame = RequestWriter.Single(method, parameters, call.Id, _options.SerializerOptions);
            await SendAsync(frame, [call], transport, deadline.Token);
            return await call.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            CancelOnServer(call);
            throw TimedOut(method);
        }
        catch (OperationCanceledException)
        {
            CancelOnServer(call);
            throw;
        }
        finally
        {
            _pending.Remove(call);
        }
    }

    /// <summary>
    /// The caller stopped waiting for a call its socket carried: <c>$/cancelRequest</c> tells the server,
    /// which cancels the method's <c>CancellationToken</c> if it takes one. Sent without waiting; a socket
    /// that closed meanwhile took the call with it anyway.
    /// </summary>
    private void CancelOnServer(PendingCall call)
    {
        if (!call.OverSocket || _socket is not { } socket)
        {
            return;
        }

        // Written by hand: the params' member is "id" whatever naming policy the caller's options have.
        var frame = System.Text.Encoding.UTF8.GetBytes($$$"""{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{{{call.Id}}}}}""");
        _ = SendCancelAsync(frame);

        async Task SendCancelAsync(byte[] cancel)
        {
            try
            {
                // A socket that is reconnecting is not waited for long: its new connection has no such call.
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.SendAsync(cancel, [], patience.Token);
            }
            catch (Exception ex) when (ex is JsonRpcConnectionException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
            {
                // The socket is gone: so is the call on the server.
            }
        }
    }

    internal PendingCall Expect(string method) => _pending.Add(method);

    /// <summary>
    /// Sends an <c>IProgress&lt;T&gt;</c> argument's reports to it until the registration is disposed; the
    /// registration's token goes in the argument's place. Over HTTP the server binds it null and none come.
    /// </summary>
    internal ProgressListeners.Registration ListenForProgress<T>(IProgress<T> progress) =>
        _progress.Listen(value => progress.Report(value.Deserialize<T>(_options.SerializerOptions)!));

    internal void Forget(PendingCall call) => _pending.Remove(call);

    /// <summary>
    /// The caller's token, cancelled too once <see cref="JsonRpcClientOptions.Timeout"/> has passed: it bounds the
    /// whole call, a wait for a socket that is reconnecting included.
    /// </summary>
    internal CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Timeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(_options.Timeout);
        }

        return deadline;
    }

    internal TimeoutException TimedOut(string method) => new($"No answer to {method} within {_options.Timeout.TotalSeconds} s.");

    internal async Task SendAsync(byte[] frame, IReadOnlyList<PendingCall> calls, RpcTransportChoice transport, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (transport == RpcTransportChoice.WebSocket && _socket is null)
        {
            throw new InvalidOperationException("This client has no WebSocket: it was made by JsonRpcClient.ForHttp.");
        }

        if (_socket is not null && transport != RpcTransportChoice.Http)
        {
            await _socket.SendAsync(frame, calls, cancellationToken);
            return;
        }

        if (await _http.PostAsync(frame, cancellationToken) is { } answer)
        {
            OnMessage(answer);
        }

        foreach (var call in calls)
        {
            // Nothing for it in the answer (a proxy ate the body?): it would wait for ever.
            call.TrySetException(new JsonRpcConnectionException($"The HTTP answer had nothing for the call of {call.Method}."));
        }
    }

    private void OnMessage(ReadOnlyMemory<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            // Not JSON: nothing to place it with.
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    Dispatch(item);
                }
            }
            else
            {
                Dispatch(root);
            }
        }
    }

    private void Dispatch(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (!message.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            _pending.Settle(message);
            return;
        }

        var name = method.GetString()!;
        var parameters = message.TryGetProperty("params", out var value) ? value.Clone() : default;
        if (name == "$/progress")
        {
            _progress.Report(parameters);
        }

        NotificationReceived?.Invoke(name, parameters);
        if (_handlers.TryGetValue(name, out var handlers))
        {
            foreach (var handler in handlers)
            {
                // A handler's exception is its own: the socket goes on reading for the others.
                try
                {
                    handler(parameters);
                }
                catch (Exception)
                {
                }
            }
        }
    }

    private void OnDropped(Exception error) =>
        _pending.Fail(new JsonRpcConnectionException("The socket closed before the answer; the call may or may not have run.", inner: error), onlyOverSocket: true);

    private static Uri HttpUriOf(Uri webSocketUri) => new UriBuilder(webSocketUri)
    {
        Scheme = webSocketUri.Scheme == "wss" ? "https" : "http",
        Path = "/rpc",
        Query = "",
    }.Uri;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_socket is not null)
        {
            await _socket.DisposeAsync();
        }

        _pending.Fail(new JsonRpcConnectionException("The client is disposed."), onlyOverSocket: false);
        _http.Dispose();
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}

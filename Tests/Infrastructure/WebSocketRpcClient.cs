using System.Net.WebSockets;
using System.Text;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// A raw WebSocket client. To prove that a message got no answer without waiting for one, it is followed
/// by a sentinel request whose answer must be the next message: the connection handles messages in
/// order, and a synchronous method's answer would come first.
/// </summary>
public sealed class WebSocketRpcClient(Uri endpoint) : RpcClient
{
    private const string Sentinel = """{"jsonrpc":"2.0","method":"ping","id":"sentinel-7f3a"}""";
    private const string SentinelAnswer = """{"jsonrpc":"2.0","result":"pong","id":"sentinel-7f3a"}""";

    private readonly ClientWebSocket _socket = new();

    public WebSocket Socket => _socket;

    /// <param name="invoker">The HTTP client to connect through (HTTP/2 WebSockets need one); none for HTTP/1.1.</param>
    public async Task ConnectAsync(Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null)
    {
        configure?.Invoke(_socket.Options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.ConnectAsync(endpoint, invoker, timeout.Token);
    }

    public override async Task<string?> ExchangeAsync(string json, bool expectAnswer = true)
    {
        await EnsureConnectedAsync();
        await SendAsync(json);
        if (expectAnswer)
        {
            return await ReceiveAsync();
        }

        await SendAsync(Sentinel);
        Assert.Equal(SentinelAnswer, await ReceiveAsync());
        return null;
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        await EnsureConnectedAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>The next text message; fails if none arrives within 10 s or the server closes instead.</summary>
    public async Task<string> ReceiveAsync()
    {
        var (type, text) = await ReceiveFrameAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        return text;
    }

    public async Task<(WebSocketMessageType Type, string Text)> ReceiveFrameAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, timeout.Token);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return (result.MessageType, Encoding.UTF8.GetString(message.ToArray()));
    }

    public override async ValueTask DisposeAsync()
    {
        await _socket.CloseQuietlyAsync();

        _socket.Dispose();
    }

    private async Task EnsureConnectedAsync()
    {
        if (_socket.State == WebSocketState.None)
        {
            await ConnectAsync();
        }
    }
}

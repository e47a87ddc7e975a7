using System.Net.WebSockets;
using StreamJsonRpc;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// StreamJsonRpc's <see cref="JsonRpc"/> over a real <see cref="ClientWebSocket"/> with its System.Text.Json
/// formatter: the peer the interoperability tests call the gateway with.
/// </summary>
public sealed class StreamJsonRpcPeer : IDisposable
{
    private readonly ClientWebSocket _socket;

    private StreamJsonRpcPeer(ClientWebSocket socket)
    {
        _socket = socket;
        Rpc = new JsonRpc(new WebSocketMessageHandler(socket, new SystemTextJsonFormatter()));
    }

    public JsonRpc Rpc { get; }

    /// <summary>Connects and starts listening; <paramref name="configure"/> adds local methods before that.</summary>
    public static async Task<StreamJsonRpcPeer> ConnectAsync(Uri webSocketEndpoint, Action<JsonRpc>? configure = null)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(webSocketEndpoint, CancellationToken.None);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var peer = new StreamJsonRpcPeer(socket);
        configure?.Invoke(peer.Rpc);
        peer.Rpc.StartListening();
        return peer;
    }

    public void Dispose()
    {
        Rpc.Dispose();
        _socket.Dispose();
    }
}

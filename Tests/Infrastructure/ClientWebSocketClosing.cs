using System.Net.WebSockets;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>How the tests' WebSocket clients leave: a close handshake if the socket is still open, bounded, and never a failure of its own.</summary>
internal static class ClientWebSocketClosing
{
    public static async Task CloseQuietlyAsync(this ClientWebSocket socket)
    {
        if (socket.State != WebSocketState.Open)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The server went first, or never answers: the socket is left either way.
        }
    }
}

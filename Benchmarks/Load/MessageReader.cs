using System.Net.WebSockets;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>Reads whole WebSocket messages into one growing buffer, reused from message to message.</summary>
internal sealed class MessageReader(int initialSize = 4096)
{
    private byte[] _buffer = new byte[initialSize];

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            if (count == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"The server closed the connection: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return _buffer.AsMemory(0, count);
            }
        }
    }
}

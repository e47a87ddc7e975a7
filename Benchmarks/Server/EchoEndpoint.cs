using System.Buffers;
using System.Net.WebSockets;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// The transport's ceiling: a Kestrel WebSocket that sends every text message back unchanged. Written
/// the way a careful hand-rolled server would be: it waits for data with a zero-byte read, so an idle
/// connection holds no buffer, and it borrows one from the pool only while a message is in hand.
/// </summary>
internal static class EchoEndpoint
{
    public static Task HandleAsync(HttpContext context) => RunAsync(context, beforeReply: null);

    /// <summary>
    /// The same echo with one call to the demo's <c>[StatelessWorker]</c> calculator grain per message:
    /// what a hand-written Orleans WebSocket service costs before it parses anything.
    /// </summary>
    public static Task HandleWithGrainCallAsync(HttpContext context)
    {
        var calculator = GrainBaseline.Calculator(context.RequestServices);
        return RunAsync(context, async () => await calculator.Subtract(42, 23));
    }

    private static async Task RunAsync(HttpContext context, Func<Task>? beforeReply)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            while (true)
            {
                var probe = await socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);
                if (probe.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }

                var buffer = ArrayPool<byte>.Shared.Rent(4096);
                try
                {
                    var count = 0;
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                        count += result.Count;
                    }
                    while (!result.EndOfMessage && count < buffer.Length);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        return;
                    }

                    if (beforeReply is not null)
                    {
                        await beforeReply();
                    }

                    await socket.SendAsync(buffer.AsMemory(0, count), WebSocketMessageType.Text, result.EndOfMessage, CancellationToken.None);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away; nothing to clean up beyond the socket.
        }
    }
}

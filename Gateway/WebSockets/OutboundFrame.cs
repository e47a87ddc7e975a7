using OrleansRpc.Gateway.Buffers;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// One message waiting for the socket: an answer the connection owns, a notification's bytes (shared by
/// every connection it goes to), or a control frame the WebSocket wrote, already framed.
/// </summary>
internal readonly record struct OutboundFrame(ReadOnlyMemory<byte> Payload, PooledBufferWriter? Answer, ControlFrame? Control)
{
    public bool IsNotification => Answer is null && Control is null;

    public static OutboundFrame ForAnswer(PooledBufferWriter answer) => new(answer.WrittenMemory, answer, null);

    public static OutboundFrame ForNotification(ReadOnlyMemory<byte> payload) => new(payload, null, null);

    public static OutboundFrame ForControl(ControlFrame control) => new(control.Bytes, null, control);
}

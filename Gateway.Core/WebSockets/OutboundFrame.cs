using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Delivery;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// One message waiting for the socket: an answer the connection owns, a notification (shared by every
/// connection it goes to, in the wire shape this connection speaks), or a control frame the WebSocket
/// wrote, already framed. One reference and a flag: a group's fan-out copies a frame into every member's
/// queue, and each reference copied into the heap costs a write barrier.
/// </summary>
internal readonly struct OutboundFrame
{
    private readonly object _item;
    private readonly bool _version1;

    private OutboundFrame(object item, bool version1)
    {
        _item = item;
        _version1 = version1;
    }

    public PooledBufferWriter? Answer => _item as PooledBufferWriter;

    public ControlFrame? Control => _item as ControlFrame;

    public bool IsNotification => _item is NodeNotification;

    public NodeNotification? Notification => _item as NodeNotification;

    /// <summary>Whether a notification goes in the JSON-RPC 1.0 shape.</summary>
    public bool Version1 => _version1;

    /// <summary>What goes on the wire (for a control frame, header included).</summary>
    public ReadOnlySpan<byte> Payload => _item switch
    {
        NodeNotification notification => (_version1 ? notification.Version1 : notification.Version2).Span,
        PooledBufferWriter answer => answer.WrittenSpan,
        ControlFrame control => control.Bytes,
        _ => default,
    };

    public static OutboundFrame ForAnswer(PooledBufferWriter answer) => new(answer, false);

    /// <param name="version1">Send the JSON-RPC 1.0 shape (the connection spoke 1.0) rather than 2.0.</param>
    public static OutboundFrame ForNotification(NodeNotification notification, bool version1) => new(notification, version1);

    public static OutboundFrame ForControl(ControlFrame control) => new(control, false);
}

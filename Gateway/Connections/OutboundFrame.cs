using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Notifications;

namespace OrleansRpc.Gateway.Connections;

/// <summary>One message waiting for the socket: an answer the connection owns, or a shared notification.</summary>
internal readonly record struct OutboundFrame(PooledBufferWriter? Answer, ServerNotification? Notification)
{
    public bool IsNotification => Notification is not null;

    public ReadOnlyMemory<byte> Bytes(bool version1) =>
        Answer?.WrittenMemory ?? (version1 ? Notification!.Version1 : Notification!.Version2);
}

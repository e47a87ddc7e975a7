using OrleansRpc.Notifications;

namespace OrleansRpc.Gateway.Delivery;

/// <summary>
/// A notification as this node's sockets send it: the grains' bytes, and their permessage-deflate form,
/// made by the first WebSocket that sends it compressed and reused by every other member on the node.
/// One per notification per node: the compressed bytes stay on the gateway's side of the seam
/// (ARCHITECTURE.md, "The delivery seam"), not on the contract.
/// </summary>
internal sealed class NodeNotification(ServerNotification notification)
{
    /// <summary>The compressed 2.0 shape; empty when compressing saved nothing; null until made.</summary>
    internal byte[]? DeflatedVersion2;

    /// <inheritdoc cref="DeflatedVersion2"/>
    internal byte[]? DeflatedVersion1;

    public ReadOnlyMemory<byte> Version2 => notification.Version2;

    public ReadOnlyMemory<byte> Version1 => notification.Version1;
}

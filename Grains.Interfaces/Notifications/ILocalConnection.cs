namespace OrleansRpc.Notifications;

/// <summary>One socket of this node, held by whoever delivers to it often (a group's members).</summary>
public interface ILocalConnection
{
    /// <summary>Queues the notification; false once the connection has closed. Never waits for the socket.</summary>
    bool TrySend(ServerNotification notification);

    /// <summary>
    /// Queues the notification in its place but may leave the writing to the caller: when
    /// <paramref name="writeDue"/> comes back true, the caller must call <see cref="Write"/> soon. Everything
    /// queued meanwhile leaves with it, in one flush.
    /// </summary>
    bool TryQueue(ServerNotification notification, out bool writeDue);

    /// <summary>Writes what <see cref="TryQueue"/> left waiting.</summary>
    void Write();
}

namespace OrleansRpc.Notifications;

/// <summary>One socket of this node, held by whoever delivers to it often (a group's members).</summary>
public interface ILocalConnection
{
    /// <summary>Queues the notification; false once the connection has closed. Never waits for the socket.</summary>
    bool TrySend(ServerNotification notification);
}

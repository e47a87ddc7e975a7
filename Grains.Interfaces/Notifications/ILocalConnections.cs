namespace OrleansRpc.Notifications;

/// <summary>The sockets of this node, for delivering notifications that are already serialized.</summary>
public interface ILocalConnections
{
    /// <summary>
    /// Queues the notification on the connection; false when the connection is not open on this node.
    /// Never waits for the socket: a connection whose queue is full is dealt with by its slow-consumer policy.
    /// </summary>
    bool Send(string connectionId, ServerNotification notification);

    /// <summary>
    /// The connection itself, for a caller that delivers to it many times: it saves a lookup per delivery.
    /// Null when it is not open on this node (yet).
    /// </summary>
    ILocalConnection? Find(string connectionId);
}

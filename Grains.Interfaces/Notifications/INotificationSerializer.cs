namespace OrleansRpc.Notifications;

/// <summary>Serializes server notifications with the gateway's JSON options.</summary>
public interface INotificationSerializer
{
    /// <exception cref="ArgumentException">
    /// The method name is empty, or <paramref name="parameters"/> does not serialize to a JSON array or
    /// object (JSON-RPC allows nothing else); null means no params.
    /// </exception>
    ServerNotification Serialize(string method, object? parameters);
}

using OrleansRpc.Notifications;

namespace OrleansRpc.Connections;

public static class ConnectionGrainExtensions
{
    /// <summary>
    /// Sends a notification to this connection (the original library's notify_channel). The params are
    /// written once, with the JSON options of the node that first sends them on (the gateway's, for the
    /// connection's own node), so any .NET value serializable to a JSON array or object works, anonymous
    /// types included. Notifications reach the socket in the order they are sent, and
    /// before the answer of a call that sent them to its own caller. False when the connection is gone.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is not an array or object.</exception>
    public static Task<bool> Notify(this IConnectionGrain connection, string method, object? parameters) =>
        connection.Send(ServerNotification.Create(method, parameters));
}

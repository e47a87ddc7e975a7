using System.Text.Json;
using OrleansRpc.Runtime;

namespace OrleansRpc.Connections;

/// <summary>
/// One client connection (key = connection id): its <c>channel_session</c> key/value store and what is
/// known about it. It lives as long as the connection; the gateway deactivates it when the socket ends,
/// however it ends.
/// </summary>
public interface IConnectionGrain : IGrainWithStringKey
{
    Task<RpcConnectionInfo?> GetInfo();

    /// <summary>
    /// Sends a notification to this connection (the original library's notify_channel). Notifications
    /// reach the socket in the order they are sent, and before the answer of a call that sent them to
    /// its own caller. False when the connection is gone.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is not an array or object.</exception>
    Task<bool> Notify(string method, object? parameters);

    /// <summary>Joins the group and routes its notifications to this connection; false if already a member.</summary>
    /// <exception cref="ArgumentException">The group name is not valid.</exception>
    Task<bool> JoinGroup(string group);

    /// <summary>Leaves the group; false if not a member.</summary>
    Task<bool> LeaveGroup(string group);

    Task<IReadOnlyCollection<string>> GetGroups();

    /// <summary>Stores a JSON value in this connection's channel_session; a JSON null removes the key.</summary>
    Task SetSessionValue(string key, JsonElement value);

    /// <summary>The stored value, or null when the key is not set.</summary>
    Task<JsonElement?> GetSessionValue(string key);
}

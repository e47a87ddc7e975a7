using System.Text.Json;
using Orleans;
using OrleansRpc.Notifications;

namespace OrleansRpc.Connections;

/// <summary>
/// One client connection (key = connection id): its <c>channel_session</c> key/value store and what is
/// known about it. It lives on the node that holds the socket, as long as the connection; the gateway
/// deactivates it when the socket ends, however it ends.
/// </summary>
public interface IConnectionGrain : IGrainWithStringKey
{
    Task<RpcConnectionInfo?> GetInfo();

    /// <summary>
    /// Queues an already serialized notification on this connection's socket; false when the connection
    /// is gone. Use <see cref="ConnectionGrainExtensions.Notify"/> to send ordinary .NET values.
    /// </summary>
    Task<bool> Send(ServerNotification notification);

    /// <summary>Joins the group and routes its notifications to this connection; false if already a member.</summary>
    /// <exception cref="ArgumentException">The group name is not valid.</exception>
    Task<bool> JoinGroup(string group);

    /// <summary>Leaves the group; false if not a member.</summary>
    Task<bool> LeaveGroup(string group);

    Task<string[]> GetGroups();

    /// <summary>Stores a JSON value in this connection's channel_session; a JSON null removes the key.</summary>
    Task SetSessionValue(string key, JsonElement value);

    /// <summary>The stored value, or null when the key is not set.</summary>
    Task<JsonElement?> GetSessionValue(string key);
}

using OrleansRpc.Runtime;

namespace OrleansRpc.Groups;

/// <summary>
/// A group of connections (key = group name, see <see cref="GroupNames"/>): its membership and a stream
/// of its notifications. A notification is serialized once and goes to each gateway with members, which
/// writes it to its own sockets: the work of a send grows with gateways, not with members.
/// </summary>
public interface IGroupGrain : IGrainWithStringKey
{
    /// <summary>True when the connection was not yet a member. Use IConnectionGrain.JoinGroup, which also routes delivery.</summary>
    Task<bool> Join(string connectionId);

    Task<bool> Leave(string connectionId);

    Task<int> Count();

    /// <summary>Sends the notification to every member; returns its sequence number in the group's stream.</summary>
    /// <exception cref="ArgumentException"><paramref name="parameters"/> is not an array or object.</exception>
    Task<long> Notify(string method, object? parameters);
}

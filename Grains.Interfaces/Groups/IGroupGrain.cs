using Orleans;
using OrleansRpc.Notifications;

namespace OrleansRpc.Groups;

/// <summary>
/// A group of connections (key = group name, see <see cref="GroupNames"/>). It knows which nodes have
/// members and how many, not the members: each node knows its own. A notification is serialized once and
/// goes to each node with members in one call (with whatever else was published while the call before it
/// was on its way), which writes the same bytes to its own sockets: the work of a send grows with nodes,
/// not with members. Every member gets a group's notifications in the order of their sequence numbers.
/// Its members are counted without it (<see cref="GroupCountExtensions.CountGroupMembers"/>), so that a
/// question about a group nobody is in activates nothing.
/// </summary>
public interface IGroupGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers the notification to every member, and returns its sequence number in the group. Every node
    /// has queued it on its members' sockets when the returned task completes. Use
    /// <see cref="GroupGrainExtensions.Notify"/> to send ordinary .NET values.
    /// </summary>
    Task<long> Publish(ServerNotification notification);
}

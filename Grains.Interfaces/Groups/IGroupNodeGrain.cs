using Orleans;
using OrleansRpc.Notifications;

namespace OrleansRpc.Groups;

/// <summary>
/// One node's end of group delivery (key = the node's tag, the first part of its connection ids); it
/// lives on that node and writes a group's notifications to the node's members of the group.
/// </summary>
public interface IGroupNodeGrain : IGrainWithStringKey
{
    /// <summary>Queues the notification on this node's members of the group; false when it has none (any more).</summary>
    Task<bool> Deliver(string group, ServerNotification notification);

    /// <summary>This node's members of the group: how a group grain that lost its memory (its node died) counts them again.</summary>
    Task<NodeMembers> CountMembers(string group);
}

using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// One node's end of group delivery (key = the node's tag, the first part of its connection ids); it
/// lives on that node and hands a group's notifications to the node's sockets. Internal: it is the
/// grains' own protocol, which no application calls.
/// </summary>
internal interface IGroupNodeGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues the notifications, in order, on this node's members of the group; false when it has none
    /// (any more). Immutable: the group grain never changes a batch it sent, so Orleans need not copy it
    /// when the node is the group grain's own.
    /// </summary>
    Task<bool> Deliver(string group, [Immutable] ServerNotification[] notifications);

    /// <summary>This node's members of the group: how a group grain that lost its memory (its node died) counts them again.</summary>
    Task<NodeMembers> CountMembers(string group);
}

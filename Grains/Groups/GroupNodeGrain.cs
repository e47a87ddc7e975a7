using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Groups;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Placed on the node its key names; reentrant, because a delivery only queues on sockets and never
/// waits, so groups deliver through it side by side. Activated elsewhere (its node is gone), it has
/// nothing to deliver to and says so, and the group forgets that node.
/// </summary>
[ConnectionPlacement]
[Reentrant]
public sealed class GroupNodeGrain(NodeTag node, LocalGroupMembers members) : Grain, IGroupNodeGrain
{
    public Task<bool> Deliver(string group, ServerNotification notification) =>
        Task.FromResult(this.GetPrimaryKeyString() == node.Value && members.Deliver(group, notification));
}

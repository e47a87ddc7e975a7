using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Placed on the node its key names; reentrant, because a delivery only queues on sockets and never
/// waits, so groups deliver through it side by side. Activated elsewhere (its node is gone), it has
/// nothing to deliver to and says so, and the group forgets that node.
/// </summary>
[ConnectionPlacement]
[Reentrant]
internal sealed class GroupNodeGrain(NodeTag node, INodeConnections connections, GroupMetrics metrics) : Grain, IGroupNodeGrain
{
    public Task<bool> Deliver(string group, ServerNotification[] notifications)
    {
        if (this.GetPrimaryKeyString() != node.Value)
        {
            return Task.FromResult(false);
        }

        var all = connections.Publish(group, notifications, out var delivered);
        metrics.Delivered(delivered);
        return Task.FromResult(all);
    }

    public Task<NodeMembers> CountMembers(string group)
    {
        if (this.GetPrimaryKeyString() == node.Value)
        {
            return Task.FromResult(connections.Count(group));
        }

        // Placed away from its node, which this silo did not know yet (or which is gone): it goes, so the next
        // call places it again, and the group hears "unknown" rather than "no members".
        DeactivateOnIdle();
        throw new InvalidOperationException($"The delivery grain of node {this.GetPrimaryKeyString()} is not on that node.");
    }
}

using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Groups;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Sums the members every active node holds, through each node's delivery grain, which lives as long as
/// its node: the nodes hold the members, so this count is as fresh as a group grain's and needs none.
/// </summary>
[StatelessWorker]
internal sealed class GroupCountGrain(ClusterNodes nodes, ILogger<GroupCountGrain> logger) : Grain, IGroupCountGrain
{
    public async Task<int> Count(string group)
    {
        GroupNames.Validate(group);
        var active = nodes.Active.ToArray();
        var counts = new Task<NodeMembers>[active.Length];
        for (var i = 0; i < active.Length; i++)
        {
            counts[i] = GrainFactory.GetGrain<IGroupNodeGrain>(active[i]).CountMembers(group);
        }

        var total = 0;
        for (var i = 0; i < active.Length; i++)
        {
            try
            {
                total += (await counts[i]).Count;
            }
            catch (Exception ex)
            {
                // A node that cannot answer has lost its sockets, or Orleans will soon declare it dead and
                // its members with it: none of them would get a notification, so none is counted.
                logger.LogDebug(ex, "Group {Group}: node {Node} did not count its members.", group, active[i]);
            }
        }

        return total;
    }
}

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
        // A node that cannot answer has lost its sockets, or Orleans will soon declare it dead and its
        // members with it: none of them would get a notification, so none is counted.
        var reports = await GroupNodeCounts.AskAsync(GrainFactory, nodes, group, (node, ex) =>
            logger.LogDebug(ex, "Group {Group}: node {Node} did not count its members.", group, node));
        var total = 0;
        foreach (var (_, members) in reports)
        {
            total += members.Count;
        }

        return total;
    }
}

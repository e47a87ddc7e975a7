using Orleans;
using OrleansRpc.Grains.Placement;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Asks every active node's delivery grain, all at once, for its members of a group: how a group grain
/// that lost its memory counts them again, and how a count is made without any group grain.
/// </summary>
internal static class GroupNodeCounts
{
    /// <summary>The reports of the nodes that answered; <paramref name="failed"/> hears of each one that did not.</summary>
    public static async Task<List<(string Node, NodeMembers Members)>> AskAsync(IGrainFactory grains, ClusterNodes nodes, string group, Action<string, Exception> failed)
    {
        var active = nodes.Active.ToArray();
        var counts = new Task<NodeMembers>[active.Length];
        for (var i = 0; i < active.Length; i++)
        {
            counts[i] = grains.GetGrain<IGroupNodeGrain>(active[i]).CountMembers(group);
        }

        var answered = new List<(string, NodeMembers)>(active.Length);
        for (var i = 0; i < active.Length; i++)
        {
            try
            {
                answered.Add((active[i], await counts[i]));
            }
            catch (Exception ex)
            {
                failed(active[i], ex);
            }
        }

        return answered;
    }
}

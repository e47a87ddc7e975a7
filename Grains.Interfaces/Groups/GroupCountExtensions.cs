using Orleans;

namespace OrleansRpc.Groups;

public static class GroupCountExtensions
{
    /// <summary>
    /// How many connections are in the group, over every node. Neither the group's grain nor any other
    /// per-group grain is activated, so it is safe to offer to anonymous clients.
    /// </summary>
    public static Task<int> CountGroupMembers(this IGrainFactory grains, string group) =>
        grains.GetGrain<IGroupCountGrain>(0).Count(group);
}

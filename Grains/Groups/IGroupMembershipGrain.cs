using Orleans;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// How a group grain (key = group name) hears of its members, node by node: the other face of
/// <see cref="GroupGrain"/>, internal because only a connection's grain, which routes delivery on its
/// node first, may report a join (<c>IConnectionGrain.JoinGroup</c>).
/// </summary>
internal interface IGroupMembershipGrain : IGrainWithStringKey
{
    /// <summary>A member joined on the connection's node, which now has <paramref name="node"/> members.</summary>
    Task Join(string connectionId, NodeMembers node);

    /// <summary>A member left on the connection's node, which now has <paramref name="node"/> members.</summary>
    Task Leave(string connectionId, NodeMembers node);
}

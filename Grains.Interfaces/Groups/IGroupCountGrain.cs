using Orleans;

namespace OrleansRpc.Groups;

/// <summary>
/// Counts a group's members by asking every node for its own, so that a count activates nothing for the
/// group: a client may ask about groups nobody is in by the thousand (ARCHITECTURE.md, "Bounds"). A
/// <c>[StatelessWorker]</c> under one key, run on the calling silo; call it through
/// <see cref="GroupCountExtensions.CountGroupMembers"/>.
/// </summary>
public interface IGroupCountGrain : IGrainWithIntegerKey
{
    /// <summary>How many connections are in the group, over every node that answers.</summary>
    /// <exception cref="ArgumentException">The name is not a group name (<see cref="GroupNames"/>).</exception>
    Task<int> Count(string group);
}

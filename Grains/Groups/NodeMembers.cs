using Orleans;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// How many members of a group one node has, as of a version that only grows on that node: a group grain
/// keeps the newest it has heard from each node, so reports that cross on their way (a join and a
/// recount, two joins) cannot leave it counting wrong.
/// </summary>
[GenerateSerializer, Immutable]
internal readonly record struct NodeMembers([property: Id(0)] int Count, [property: Id(1)] long Version);

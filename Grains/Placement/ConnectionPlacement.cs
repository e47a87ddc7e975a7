using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace OrleansRpc.Grains.Placement;

/// <summary>
/// Places a grain on the node named by its key's first part (<see cref="NodeTag"/>): a connection's
/// grains on the node that holds its socket, whoever calls them first and from wherever.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("orpc.ConnectionPlacement")]
public sealed class ConnectionPlacement : PlacementStrategy
{
    internal static readonly ConnectionPlacement Instance = new();
}

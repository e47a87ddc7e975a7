using System.Reflection;
using Orleans.Concurrency;
using Orleans.Metadata;
using Orleans.Runtime;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Grains.Placement;

namespace OrleansRpc.Grains.Directory;

/// <summary>
/// Gives the grains that are bound to a node the node's own directory (<see cref="NodeLocalGrainDirectory"/>):
/// a connection's grains and every grain placed by <see cref="ConnectionPlacement"/> live where their key
/// says, and a stateless worker lives next to its caller, so none of them should need a peer to be found.
/// Orleans chooses a directory per grain type from this property, as it chooses a placement.
/// </summary>
internal sealed class NodeLocalGrains : IGrainPropertiesProvider
{
    public void Populate(Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        if (IsNodeBound(grainClass))
        {
            properties[WellKnownGrainTypeProperties.GrainDirectory] = NodeLocalGrainDirectory.Name;
        }
    }

    public static bool IsNodeBound(Type grainClass) =>
        PerConnectionGrains.IsPerConnection(grainClass)
        || grainClass.GetCustomAttribute<ConnectionPlacementAttribute>(inherit: true) is not null
        || grainClass.GetCustomAttribute<StatelessWorkerAttribute>(inherit: true) is not null;
}
